"""Drive the coding UI headlessly in its own process (used by the durability tests).

    python -m tests.tui.drive PROJECT CODER CHORDS [--hold] [--no-wait]

CHORDS is a comma-separated list of key sequences applied to successive segments, e.g.
"1l,1h,2r": on each segment (moving down with j first) press the keys. After each change the
script waits until the status bar reports it saved and prints ``SAVED <label>``. With --hold it
then sleeps, so a test can kill it with SIGKILL. With --no-wait it prints ``READY`` once the
document is open, waits for a line on standard input, presses every chord without waiting for
the writer and prints ``PRESSED`` (a test holds the project's write lock meanwhile).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from qualcode.tui.app import QualcodeApp
from qualcode.tui.screens.coding import CodingScreen


async def drive(
    project: Path, coder: str, chords: list[str], hold: bool, no_wait: bool = False
) -> None:
    app = QualcodeApp(project, coder, keywords=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        if no_wait:
            print("READY", flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
            for chord in chords:
                await pilot.press(*chord)
            await pilot.pause()
            print("PRESSED", flush=True)
            await asyncio.sleep(3600)
        for chord in chords:
            if chord == "j":
                await pilot.press("j")
                continue
            await pilot.press(*chord)
            for _ in range(1000):  # until the status bar has heard back from the writer
                status = str(screen.query_one("#status").render())
                if not app.writer.pending and "saving" not in status:
                    break
                await pilot.pause(0.005)
            if "NOT SAVED" in status:
                print("ERROR", status, flush=True)
                raise SystemExit(1)
            if "saved " not in status:
                print("ERROR", status, flush=True)
                raise SystemExit(1)
            label = status.split("saved ", 1)[1].split(" · ")[0]
            print("SAVED", label, flush=True)
        print("DONE", flush=True)
        if hold:
            await asyncio.sleep(3600)


if __name__ == "__main__":
    asyncio.run(
        drive(
            Path(sys.argv[1]),
            sys.argv[2],
            sys.argv[3].split(","),
            "--hold" in sys.argv,
            "--no-wait" in sys.argv,
        )
    )

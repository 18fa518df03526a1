"""Messages that say the right thing for the command that was run, and the project unchanged."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import TRANSCRIPT, dump, run


def test_a_manifest_with_only_a_header(project: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,role,site\n", encoding="utf-8")
    before = dump(project)
    result = run("add", project, "--manifest", manifest, "--no-deidentify")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {manifest}: the manifest lists no files (only the header row). Add a row per "
        "transcript; nothing was imported.\n"
    )
    assert dump(project) == before


def test_add_reads_the_manifest_in_the_encoding_it_was_given(project: Path, tmp_path: Path) -> None:
    (tmp_path / "int05.txt").write_bytes(TRANSCRIPT.encode("cp1252"))
    manifest = tmp_path / "manifest.csv"
    manifest.write_bytes("file,site\nint05.txt,Peñasco\n".encode("cp1252"))
    result = run("add", project, "--manifest", manifest, "--encoding", "cp1252", "--no-deidentify")
    assert result.exit_code == 0, result.stderr
    listing = run("documents", project, "--format", "json")
    assert '"site": "Peñasco"' in listing.stdout


def test_a_manifest_in_another_encoding_names_the_option(project: Path, tmp_path: Path) -> None:
    (tmp_path / "int05.txt").write_text(TRANSCRIPT, encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    manifest.write_bytes("file,site\nint05.txt,Peñasco\n".encode("cp1252"))
    result = run("add", project, "--manifest", manifest, "--no-deidentify")
    assert result.exit_code == 1
    assert "name its encoding with --encoding" in result.stderr


def test_codings_import_never_suggests_an_option_it_lacks(project: Path, tmp_path: Path) -> None:
    codings = tmp_path / "codings.csv"
    codings.write_bytes("segment_id,coder,code\nint01:2,José,referral.hotline\n".encode("cp1252"))
    before = dump(project)
    result = run("codings", "import", project, codings)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {codings}: line 2 is not UTF-8 text (byte 0xe9). The file is in another "
        'encoding: re-save it as UTF-8 (in a spreadsheet: save as "CSV UTF-8").\n'
    )
    assert "--encoding" not in result.stderr
    assert dump(project) == before


def test_a_binary_codings_file_is_not_called_a_transcript(project: Path, tmp_path: Path) -> None:
    codings = tmp_path / "codings.csv"
    codings.write_bytes(b"segment_id,coder\x00\x01\x02,code\n")
    result = run("codings", "import", project, codings)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {codings}: this is a binary file, not a codings file. The codings file must be "
        'a CSV file: export it from a spreadsheet as "CSV UTF-8".\n'
    )


def test_scan_errors_speak_of_scanning(tmp_path: Path) -> None:
    empty = tmp_path / "int01.txt"
    empty.write_text("", encoding="utf-8")
    result = run("scan", empty)
    assert result.exit_code == 1
    assert result.stderr.endswith("Nothing was scanned; fix these files and try again.\n")
    assert "imported" not in result.stderr


def test_freq_with_assignments_but_no_codings(tmp_path: Path, mini_codebook: Path) -> None:
    path = tmp_path / "fresh.qualcode"
    assert run("new", path, "--codebook", mini_codebook).exit_code == 0
    (tmp_path / "int01.txt").write_text(TRANSCRIPT, encoding="utf-8")
    add = run("add", path, tmp_path / "int01.txt", "--attr", "role=police", "--no-deidentify")
    assert add.exit_code == 0
    assert (
        run("assign", path, "--coders", "ana,ben", "--double", "0.5", "--seed", "1").exit_code == 0
    )
    result = run("freq", path)
    assert result.exit_code == 0
    assert "( documents)" not in result.stdout
    assert "primary coder per document (no document has been coded yet)" in result.stdout


def test_one_coder_name_rule_everywhere(project: Path, tmp_path: Path) -> None:
    before = dump(project)
    for args, option in (
        (("assign", project, "--coders", "ana,=cmd", "--double", "0.1"), "--coders"),
        (("assign", project, "--coders", "<script>x</script>,ana", "--double", "0.1"), "--coders"),
        (("kappa", project, "--coders", "ana,=cmd"), "--coders"),
        (
            ("reconcile", project, "--coders", "ana,=cmd", "--export", tmp_path / "x.csv"),
            "--coders",
        ),
        (("reconcile", project, "--coders", "ana,ben", "--as", "=cmd"), "--as"),
        (("code", project, "--coder", "=cmd"), "--coder"),
        (
            (
                "codebook",
                "notes",
                project,
                "--code",
                "referral.hotline",
                "--note",
                "x",
                "--as",
                "a b",
            ),
            "--as",
        ),
    ):
        result = run(*args)
        assert result.exit_code == 1, args
        assert f"Error: {option} '" in result.stderr, result.stderr
        assert (
            "is not a valid name (letters, digits, _ . -, starting with a letter or digit, at most 64 characters)."
            in result.stderr
        )
    assert dump(project) == before


def test_the_coding_ui_needs_a_terminal(project: Path) -> None:
    result = run("code", project, "--coder", "ana")  # the test runner is not a terminal
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: The coding UI needs a terminal")


def test_demo_without_a_terminal_prints_the_summary(tmp_path: Path) -> None:
    result = run("demo", "--dir", tmp_path / "demo")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Sample project: {tmp_path / 'demo' / 'demo.qualcode'}")
    assert "No terminal here, so the coding UI was not opened." in result.stderr

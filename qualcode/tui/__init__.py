"""The coding UI (Textual): documents, the coding screen, help, and the command palette."""

"""Read-side queries shared by the CLI, the web app and reports."""

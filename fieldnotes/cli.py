"""The `fieldnotes` command line: serve the app, load the demo, import, export, tag, train and evaluate."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from fieldnotes.domain.errors import FieldnotesError
from fieldnotes.i18n import error_text

APP_PATH = Path(__file__).resolve().parent.parent / "app.py"



def _atomic_write(path: str | None, write: Callable[[object], object]) -> None:
    """Write to `path` via a temporary file so a failure never leaves a half-written output; '-' is stdout."""
    if path in (None, "-"):
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    tmp = target.with_name(f".{target.name}.partial")
    try:
        with open(tmp, "wb") as fp:
            write(fp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def cmd_serve(args: argparse.Namespace) -> int:
    """Prepare the database (migrations, demo on first start) and run the Streamlit app."""
    from fieldnotes.services import demo, runtime

    print(f"fieldnotes: database {runtime.database_location()}", file=sys.stderr)
    with runtime.transaction() as session:
        if demo.ensure_demo(session):
            print("fieldnotes: demo project loaded and tagged", file=sys.stderr)
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(APP_PATH),
        "--server.headless", "true",
        "--server.port", str(args.port),
        "--server.address", args.address,
        "--browser.gatherUsageStats", "false",
        "--global.developmentMode", "false",
    ]
    return subprocess.call(cmd)


def cmd_demo(args: argparse.Namespace) -> int:
    """Load the demo project (once)."""
    from fieldnotes.services import demo, projects, runtime

    with runtime.transaction() as session:
        name = demo.demo_data()["project"]["name"]
        if any(p.name == name for p in projects.list_projects(session)):
            print(f"demo project '{name}' is already loaded", file=sys.stderr)
            return 0
        info = demo.load_demo(session, actor="cli")
    print(f"loaded demo project '{info.name}'", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import notes from JSONL into the project."""
    from fieldnotes.services import notes_io, projects, runtime

    data = Path(args.input).read_bytes()
    with runtime.transaction() as session:
        if projects.count_projects(session) == 0 and not args.project:
            project = projects.create_project(session, "fieldnotes", actor="cli")
        else:
            project = projects.resolve_project(session, args.project)
        report = notes_io.import_notes_jsonl(session, project.id, data, actor="cli")
    print(
        f"imported {report.imported} notes ({report.skipped_existing} already present), "
        f"{report.passages} passages tagged",
        file=sys.stderr,
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export the project in the chosen format."""
    from fieldnotes.services import notes_io, projects, runtime

    with runtime.transaction() as session:
        project = projects.resolve_project(session, args.project)
        if args.format == "jsonl":
            _atomic_write(args.output, lambda fp: notes_io.export_notes_jsonl(session, project.id, fp))
        else:
            raise FieldnotesError("error.unknown_format", format=args.format)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(prog="fieldnotes", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="start the app (SQLite + demo project by default)")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--address", default="localhost")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("demo", help="load the demo project")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("import", help="import notes (JSONL)")
    p.add_argument("--input", required=True)
    p.add_argument("--project")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export the project")
    p.add_argument("--format", required=True, choices=["jsonl"])
    p.add_argument("--output", default="-")
    p.add_argument("--project")
    p.set_defaults(func=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run a sub-command and turn fieldnotes errors into a clear message and exit code 2."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except FieldnotesError as exc:
        print(f"fieldnotes: {error_text(exc, 'en')}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"fieldnotes: file not found: {exc.filename}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

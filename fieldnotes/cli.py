"""The `fieldnotes` command line: serve the app, load the demo, import, export, tag, train and evaluate."""

from __future__ import annotations

import argparse
import os
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


def _warm_up_streamlit() -> None:
    """Do now what Streamlit's first script run in a process would do for the first visitor (~0.5 s).

    It imports its emoji table to check the page icon, and its REPL check (`inspect.stack()`) makes `inspect` look
    up the file of every loaded module once; later calls reuse that cache.
    """
    import inspect

    import streamlit.emojis  # noqa: F401

    inspect.stack()


def cmd_serve(args: argparse.Namespace) -> int:
    """Prepare the database (migrations, demo on first start), warm up, and run the Streamlit app in-process.

    Running Streamlit in this process lets the heavy imports and the tagger load happen before the server
    answers, so the first page is interactive quickly.
    """
    from streamlit.web import bootstrap

    from fieldnotes.services import demo, runtime

    print(f"fieldnotes: database {runtime.database_location()}", file=sys.stderr)
    with runtime.transaction() as session:
        if demo.ensure_demo(session):
            print("fieldnotes: demo project loaded and tagged", file=sys.stderr)
    import fieldnotes.ui.capture
    import fieldnotes.ui.notes_page  # noqa: F401
    from fieldnotes.nlp.tagger import Tagger

    Tagger.load()
    # Load deduce (building its lookup cache on a fresh install) in its own worker process right away, so
    # pseudonymised quotes are ready when the consultant opens the presentation and pages stay fast meanwhile.
    from fieldnotes.nlp.pseudonymise import start_worker

    start_worker()
    _warm_up_streamlit()
    flags = {
        "server_headless": True,
        "server_port": args.port,
        "server_address": args.address,
        "server_fileWatcherType": "none",
        "browser_gatherUsageStats": False,
        "client_toolbarMode": "minimal",
        "global_developmentMode": False,
    }
    bootstrap.load_config_options(flag_options=flags)
    bootstrap.run(str(APP_PATH), False, [], flags)
    return 0


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
    import io

    from fieldnotes.services import notes_io, projects, qda, runtime

    path = Path(args.input)
    data = path.read_bytes()
    suffix = path.suffix.lower()
    with runtime.transaction() as session:
        if suffix == ".qdpx":
            report = qda.import_qdpx(session, io.BytesIO(data), actor="cli")
            print(
                f"imported project '{report.project}': {report.codes} codes, {report.notes} notes, "
                f"{report.selections} selections, {report.codings} codings",
                file=sys.stderr,
            )
            for skipped in report.skipped:
                print(f"  skipped: {skipped}", file=sys.stderr)
            return 0
        if projects.count_projects(session) == 0 and not args.project:
            project = projects.create_project(session, "fieldnotes", actor="cli")
        else:
            project = projects.resolve_project(session, args.project)
        if suffix == ".qdc":
            count = qda.import_qdc(session, project.id, io.BytesIO(data), actor="cli")
            print(f"imported {count} codes into '{project.name}'", file=sys.stderr)
            return 0
        imported = notes_io.import_notes_jsonl(session, project.id, data, actor="cli")
    print(
        f"imported {imported.imported} notes ({imported.skipped_existing} already present), "
        f"{imported.passages} passages tagged",
        file=sys.stderr,
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Export the project in the chosen format."""
    from fieldnotes.services import exports, projects, runtime
    from fieldnotes.services.report import ReportFilter

    with runtime.transaction() as session:
        project = projects.resolve_project(session, args.project)
        flt = ReportFilter(include_suggestions=not args.accepted_only)
        _atomic_write(
            args.output, lambda fp: exports.write_export(session, project.id, args.format, fp, flt=flt, lang=args.lang)
        )
    return 0


def _read_input(path: str | None) -> str:
    """Text from a file or stdin ('-' or None), decoded as UTF-8."""
    from fieldnotes.domain.notes import decode_upload

    data = sys.stdin.buffer.read() if path in (None, "-") else Path(path).read_bytes()
    return decode_upload(data)


def cmd_tag(args: argparse.Namespace) -> int:
    """Tag JSONL passages: themes, scores, evidence, departments and surprises, one output line per input line."""
    from fieldnotes.services import tag_jsonl

    requests = tag_jsonl.parse_requests(_read_input(args.input))
    registry = tag_jsonl.parse_registry(Path(args.departments).read_text("utf-8")) if args.departments else None
    lines = tag_jsonl.tag_lines(requests, registry)
    _atomic_write(args.output, lambda fp: tag_jsonl.write_lines(lines, fp))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    """Rebuild the shipped tagger model from corpus/ deterministically."""
    from fieldnotes.nlp import train
    from fieldnotes.nlp.tagger import DEFAULT_MODEL_DIR

    out = Path(args.output) if args.output else DEFAULT_MODEL_DIR
    meta = train.train_model(out)
    print(f"model {meta['version']} written to {out}", file=sys.stderr)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Print held-out and 5-fold cross-validated scores of the tagger."""
    from fieldnotes.nlp import evaluate

    print(evaluate.heldout_report())
    if not args.heldout_only:
        print()
        print(evaluate.format_table(evaluate.cross_validate(), "5-fold cross-validation on the training part"))
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    """Inter-coder agreement per theme, from a JSONL file or from the project's codings."""
    import json

    from fieldnotes.analysis import agreement

    if args.input:
        records = agreement.parse_jsonl(_read_input(args.input).splitlines())
        result = agreement.to_json(agreement.agreement_by_theme(records))
    else:
        from fieldnotes.services import agreement as project_agreement
        from fieldnotes.services import projects, runtime

        with runtime.transaction() as session:
            project = projects.resolve_project(session, args.project)
            result = project_agreement.project_agreement_json(session, project.id, include_model=args.with_model)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def cmd_network(args: argparse.Namespace) -> int:
    """Write the culture map (who surprises whom) built from the database."""
    from fieldnotes.domain.notes import parse_date
    from fieldnotes.services import network, projects, runtime

    with runtime.transaction() as session:
        project = projects.resolve_project(session, args.project)
        filters = {
            "date_from": parse_date(args.date_from),
            "date_to": parse_date(args.date_to),
            "consultants": args.consultant or None,
            "kinds": args.kind or None,
        }
        _atomic_write(args.output, lambda fp: network.write_network(session, project.id, args.format, fp, **filters))
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

    p = sub.add_parser("import", help="import notes (.jsonl) or REFI-QDA (.qdpx project, .qdc codebook)")
    p.add_argument("--input", required=True)
    p.add_argument("--project")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export the project")
    p.add_argument("--format", required=True, choices=["jsonl", "csv", "xlsx", "md", "docx", "pptx", "qdc", "qdpx"])
    p.add_argument("--output", default="-")
    p.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of report headings")
    p.add_argument("--accepted-only", action="store_true",
                   help="count only accepted codings, not unreviewed model suggestions")
    p.add_argument("--project")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("tag", help="tag JSONL passages with themes, departments and surprises")
    p.add_argument("--input", default="-", help="JSONL file, or - for stdin")
    p.add_argument("--output", default="-", help="JSONL file, or - for stdout")
    p.add_argument("--departments", help="JSON file {canonical: [aliases]}")
    p.set_defaults(func=cmd_tag)

    p = sub.add_parser("train", help="rebuild the shipped model from corpus/")
    p.add_argument("--output", help="model folder (default: the shipped model)")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("evaluate", help="held-out and cross-validated scores")
    p.add_argument("--heldout-only", action="store_true")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("agreement", help="inter-coder agreement per theme")
    p.add_argument("--format", choices=["json"], default="json")
    p.add_argument("--input", help="JSONL lines {unit, coder, themes}; default: the project's codings")
    p.add_argument("--with-model", action="store_true", help="add the model as one more coder")
    p.add_argument("--project")
    p.set_defaults(func=cmd_agreement)

    p = sub.add_parser("network", help="the culture map: who surprises whom")
    p.add_argument("--format", required=True, choices=["json", "html", "graphml", "gexf", "csv"])
    p.add_argument("--output", default="-")
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--consultant", action="append")
    p.add_argument("--kind", action="append", choices=["observation", "interview", "reflection"])
    p.add_argument("--project")
    p.set_defaults(func=cmd_network)
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

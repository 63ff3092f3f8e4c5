"""``flask banks ...``, ``flask users ...`` and ``flask demo``: thin wrappers over services."""

from __future__ import annotations

import json
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from quizapp.banks import BankError, load_all
from quizapp.banks.coverage import coverage, table
from quizapp.banks.generator import generate
from quizapp.banks.testing import run_test_responses, run_transcripts
from quizapp.models.users import ROLES
from quizapp.services import ServiceError
from quizapp.services import bank_store
from quizapp.services import users as user_service

banks = AppGroup("banks", help="Check, test and load the question banks.")
users_cli = AppGroup("users", help="Manage accounts.")


def _load_or_exit(root: str | None, only=None):
    try:
        return load_all(root or current_app.config["QUIZAPP_BANKS"], only)
    except BankError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        click.echo(f"{len(exc.problems)} problem(s) found.", err=True)
        sys.exit(1)


@banks.command("check")
@click.option("--root", help="Bank folder (default: QUIZAPP_BANKS or question_banks/).")
@click.option("--warnings", "show_warnings", is_flag=True,
              help="List the rubric warnings (phrasings that match more than they seem to).")
def banks_check(root, show_warnings):
    """Validate every spec, bank and the lexicon; list every problem."""
    cat = _load_or_exit(root)
    warnings = [f"{lq.file}: question {lq.spec.id}: rubric: {w}"
                for lq in cat.questions for w in lq.rubric.warnings]
    click.echo(
        f"OK: {len(cat.qualifications)} qualifications, {len(cat.criteria_ids())} criteria, "
        f"{len(cat.questions)} questions, {len(cat.scenarios)} scenarios."
    )
    if warnings:
        if show_warnings:
            for line in warnings:
                click.echo(f"warning: {line}")
        click.echo(f"{len(warnings)} rubric warning(s)"
                   + ("." if show_warnings else ": `flask banks check --warnings` lists them."))


@banks.command("test")
@click.option("--root", help="Bank folder (default: QUIZAPP_BANKS or question_banks/).")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
def banks_test(root, paths):
    """Score every question's test responses and model answer, and play every scenario's test
    transcripts; report the misses.

    PATHS limit the run to some bank files or folders. Exits 1 on a miss in a curated question.
    """
    cat = _load_or_exit(root, list(paths) or None)
    report = run_transcripts(cat.scenarios, run_test_responses(cat.questions))
    for line in report.lines():
        click.echo(line)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


@banks.command("generate")
@click.option("--root", help="Bank folder (default: QUIZAPP_BANKS or question_banks/).")
@click.option("--qualification", help="Only this qualification ID.")
def banks_generate(root, qualification):
    """Write a draft question for every criterion that needs one and has none.

    Drafts are marked `status: draft`; existing questions are never touched, so running it
    twice changes nothing.
    """
    root = root or current_app.config["QUIZAPP_BANKS"]
    cat = _load_or_exit(root)
    try:
        click.echo(generate(cat, root, qualification))
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


@banks.command("coverage")
@click.option("--root", help="Bank folder (default: QUIZAPP_BANKS or question_banks/).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def banks_coverage(root, as_json):
    """Per qualification and unit: criteria, knowledge criteria covered, test accuracy."""
    data = coverage(_load_or_exit(root))
    click.echo(json.dumps(data, indent=2) if as_json else table(data))


@banks.command("flagged")
def banks_flagged():
    """The review queue: answers assessors re-marked and proposed as test responses. Add them
    to the bank file's test_responses (and fix the rubric), then reload."""
    flagged = bank_store.flagged_questions()
    if not flagged:
        click.echo("No flagged questions.")
        return
    for question, proposals in flagged:
        where = question.source or f"cohort {question.cohort_id}"
        click.echo(f"{where}: question {question.id}")
        for item in proposals:
            click.echo(f"  - {{text: {json.dumps(item.text)}, band: {item.band}}}"
                       f"  # {item.assessor_name}: {item.comment}")


@banks.command("load")
@click.option("--root", help="Bank folder (default: QUIZAPP_BANKS or question_banks/).")
def banks_load(root):
    """Upsert everything into the database by stable ID (idempotent)."""
    cat = _load_or_exit(root)
    click.echo(f"Loaded: {bank_store.load_catalogue(cat)}")


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="learner", show_default=True)
@click.password_option()
def users_create(username, role, password):
    """Create an account (the password is asked for twice, or given with --password)."""
    try:
        user = user_service.create_user(username, password, role)
    except ServiceError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Created {user.role} {user.username!r}.")


@click.command("demo")
@with_appcontext
def demo():
    """Load the banks and create the demo accounts (unless QUIZAPP_DEMO=0)."""
    cat = _load_or_exit(None)
    click.echo(f"Banks: {bank_store.load_catalogue(cat)}")
    if not current_app.config["QUIZAPP_DEMO"]:
        click.echo("QUIZAPP_DEMO=0: no demo accounts.")
        return
    created = user_service.ensure_demo_accounts()
    click.echo(
        "Demo accounts (password demo-pass): "
        + ", ".join(u for u, _ in user_service.DEMO_ACCOUNTS)
        + (f" (created {', '.join(created)})" if created else " (already there)")
    )
    code = user_service.ensure_demo_cohort()
    if code:
        click.echo(f"Demo cohort on ICS-L1 (join code {code}): demo-tutor teaches it, "
                   "demo-assessor reviews it, demo-learner is in it.")


def register_cli(app: Flask) -> None:
    app.cli.add_command(banks)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo)

"""The command line: validate, schema, settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main
from bot.cli.settings import Settings, SettingsError

REPO = Path(__file__).resolve().parent.parent


def _content(tmp_path: Path, pack: str) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    for name in ("steps.yaml", "dimensions.yaml"):
        (content / name).write_text((REPO / "scenarios" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (content / "pack.yaml").write_text(pack, encoding="utf-8")
    return content


SMALL_PACK = (
    "format: momentos.pack/1\npack: {id: pp, title: P, languages: [es, en]}\nitems:\n"
    "  - id: pp.uno\n    kind: quiz\n    title: {es: Uno, en: One}\n    step: 3\n"
    "    dimensions: [cortesia, seguridad]\n"
    "    question: {es: q, en: q}\n    explanation: {es: e, en: e}\n    source: {note: n}\n"
    "    choices:\n      - {text: {es: a, en: a}, correct: true, feedback: {es: f, en: f}}\n"
    "      - {text: {es: b, en: b}, correct: false, feedback: {es: f, en: f}}\n"
)


def test_validate_prints_the_matrix_and_refuses_an_incomplete_library(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = _content(tmp_path, SMALL_PACK)
    assert main(["validate", str(content)]) == 1
    captured = capsys.readouterr()
    assert f"{content}: 1 items (1 quiz; 1 in en, 1 in es)" in captured.out
    row = next(line for line in captured.out.splitlines() if line.strip().startswith("3. No se congregue"))
    assert row.split()[-11:] == [".", ".", ".", "1", ".", "1", ".", ".", ".", ".", "1"]
    assert "step 1 has 0 items; at least 5 are needed" in captured.err
    assert "dimension 'seguridad' has 1 items; at least 3 are needed" in captured.err
    assert "the library is incomplete" in captured.err
    # One item of two choices: a blind pick scores 50%, the mechanical strategy too — not above chance + 5.
    assert main(["validate", "--no-coverage", str(content)]) == 0
    assert "scores 50% (chance 50%, at most 55%)" in capsys.readouterr().out


def test_validate_reports_every_problem_and_exits_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    content = _content(
        tmp_path,
        "format: momentos.pack/1\n"
        "pack: {id: p, title: P, language: es}\n"
        "items:\n"
        "  - id: p.uno\n"
        "    kind: quiz\n"
        "    title: Uno\n"
        "    step: 11\n"
        "    dimensions: [cortesia]\n"
        "    question: ¿Qué?\n"
        "    choices:\n"
        "      - {text: a, correct: false, feedback: f}\n"
        "      - {text: b, correct: false, feedback: f}\n"
        "    explanation: e\n"
        "    source: {note: n}\n",
    )
    assert main(["validate", str(content)]) == 1
    err = capsys.readouterr().err
    assert "content/pack.yaml:7:11: items[0].step: must be at most 10, got 11" in err
    assert "nothing was loaded" in err


def test_validate_a_single_pack_against_the_bundled_catalog(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "extra.yaml"
    pack.write_text(
        "format: momentos.pack/1\npack: {id: extra, title: Extra, language: es}\nitems:\n"
        "  - {id: extra.uno, kind: quiz, title: Uno, step: 1, dimensions: [cortesia], question: q, explanation: e,\n"
        "     source: {note: n},\n"
        "     choices: [{text: a, correct: true, feedback: f}, {text: b, correct: false, feedback: f}]}\n",
        encoding="utf-8",
    )
    assert main(["validate", str(pack)]) == 0
    assert "1 items, valid against" in capsys.readouterr().out


def test_schema_files_are_up_to_date() -> None:
    assert main(["schema", "--check", "--out", str(REPO / "scenarios" / "schema")]) == 0


def test_schema_check_detects_stale_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--out", str(tmp_path)]) == 0
    (tmp_path / "pack.schema.json").write_text("{}", encoding="utf-8")
    assert main(["schema", "--check", "--out", str(tmp_path)]) == 1
    assert "pack.schema.json is out of date" in capsys.readouterr().err


def test_settings_defaults_and_token_never_in_repr() -> None:
    settings = Settings.from_env({"DISCORD_TOKEN": "secret-token-value"})
    assert settings.db_path == "./data/momentos.db"
    assert (settings.scenarios / "steps.yaml").is_file()
    assert settings.api_url is None and settings.gateway_url is None
    assert "secret-token-value" not in repr(settings)
    with pytest.raises(SettingsError, match="DISCORD_TOKEN is not set"):
        Settings.from_env({}).require_token()


def test_log_filter_scrubs_the_token_from_messages_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from bot.cli.logs import RedactSecrets

    token = "MTIzNDU2Nzg5.secret.token"
    logger = logging.getLogger("momentos.test.redact")
    logger.addFilter(RedactSecrets([token]))
    try:
        with caplog.at_level(logging.INFO, logger="momentos.test.redact"):
            logger.info("connecting with %s", token)
            try:
                raise RuntimeError(f"bad header Bot {token}")
            except RuntimeError:
                logger.exception("failed")
    finally:
        logger.filters.clear()
    text = caplog.text
    assert token not in text
    assert text.count("[redacted]") == 2

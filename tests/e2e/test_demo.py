"""`momentos demo` plays eight working weeks through real interactions and says what happened."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.cli.demo import run_demo
from bot.cli.migrate import migrate_db
from bot.discord.texts import t
from tests.postgres import Databases


async def test_demo_plays_eight_weeks_with_reviews_masteries_and_insight(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await run_demo(output=tmp_path) == 0
    out = capsys.readouterr().out
    assert out.count("the scheduler posts today's") == 5
    assert out.count("the window closed: the post is revealed") == 5
    assert "└ [A] [B] [C] [D] [📝 Reflexionar]" in out, "the first day is a scenario with its Reflect button"
    monday_post = out.split("lunes — the scheduler posts")[1].split("presses")[0]
    assert "Paso" not in monday_post and "Dimensiones" not in monday_post, "nothing on the post answers it"
    revealed = out.split("lunes — the window closed")[1]
    assert t("es", "reveal.trains") in revealed and t("es", "reveal.source") in revealed, "the reveal quotes the text"
    assert "Ya respondiste este reto" in out and "Este reto es del equipo Ventas" in out
    assert "writes a reflection → Gracias por tu reflexión: +30 puntos." in out
    assert "carla gives ana's reflection kudos → ¡Kudos enviado! @ana suma +5." in out
    assert "ana tries to give herself kudos → No puedes darte kudos a ti mismo" in out
    assert "#ventas: ⭐ @gerente destacó la reflexión de @bruno" in out
    assert "Resultados de la semana 2026-W41" in out and "pts por persona" in out and "Líder de cada paso" in out
    chart = tmp_path / "momentos-2026-W41.png"
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    heat_map = tmp_path / "momentos-insights-2026-11.png"
    assert heat_map.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert f"charts written to {chart} and {heat_map}" in out
    assert all(f"Resultados de la semana 2026-W{week}" in out for week in range(41, 49)), "eight announcements"
    assert "Los 10 pasos · semana 2026-W48" in out and "Racha: 40 días seguidos" in out
    assert "80 posts, 226 clicks, 6 reflections" in out
    wrong_monday = out.split("lunes — the scheduler posts")[1].split("martes — the scheduler posts")[0]
    assert "❌ No es la respuesta correcta" in wrong_monday.split("elena (#caja, 10:35) presses")[1].splitlines()[0]
    review = out.split("elena got Monday's wrong")[1].split("reviews today")[0]
    monday_title = out.split("lunes — the scheduler posts today's scenario in both team channels: «")[1].split("»")[0]
    assert f"elena presses 🔁 Repasar → 🔁 Repaso · {monday_title}   [only they see it]" in review
    assert "✅ ¡Correcto! +20 puntos" in review, "the review is scored with the review's own points"
    assert t("es", "review.mastered") in out, "a mastery is earned and said"
    learned = out.split(t("es", "me.learning"))[1]
    assert "de 40 retos dominados" in learned and "🌳 dominado" in learned, "/me shows what was mastered"
    insight = out.split("coaching insight")[1]
    assert "líder: @Líder Caja" in insight, "the manager names Caja's lead role"
    assert "🧭 Perspectivas · mes 2026-11" in insight and "paso más débil" in insight
    assert "tendencia" in insight and "frente a mes 2026-10" in insight, "a weakest step with its trend"
    assert "sin tendencia" in insight, "and one whose previous month had too few answers, said so"
    assert "diego (lead of Caja) runs /insights → sees Caja" in insight
    assert "ana (a seller) runs /insights → Este comando es para gerentes y para líderes" in insight


@pytest.mark.postgres
async def test_the_demo_plays_on_postgresql_and_its_sqlite_database_moves_there_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], postgres_databases: Databases
) -> None:
    """The issue's two checks: `make demo` on a server plays the same weeks; migrate-db moves the demo's file."""
    try:
        on_server = await postgres_databases.fresh()
        assert await run_demo(output=tmp_path / "pg", database_url=on_server) == 0
        played = capsys.readouterr().out
        summary = "80 posts, 226 clicks, 6 reflections, 361 reviews (117 mastered), 40036 points in the ledger"
        assert "PostgreSQL at postgresql://" in played and summary in played
        assert await run_demo(output=tmp_path / "pg", database_url=on_server) == 2, "a second demo is refused"
        assert "already holds teams" in capsys.readouterr().err

        assert await run_demo(output=tmp_path / "file", quiet=True) == 0
        assert summary in capsys.readouterr().out
        moved, target = io.StringIO(), await postgres_databases.fresh()
        assert await migrate_db(str(tmp_path / "file" / "momentos.db"), target, out=moved) == 0
        assert "verified: 22 tables" in moved.getvalue() and "board aggregates recomputed equal" in moved.getvalue()
    finally:
        await postgres_databases.drop_created()

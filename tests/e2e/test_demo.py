"""`momentos demo` plays a full day through real interactions and says what happened."""

from __future__ import annotations

import pytest

from bot.cli.demo import run_demo


async def test_demo_plays_a_full_day(capsys: pytest.CaptureFixture[str]) -> None:
    assert await run_demo() == 0
    out = capsys.readouterr().out
    assert out.count("└ [A] [B]") == 2, "one post with buttons in each of the two team channels"
    assert out.count("¡Correcto! +100 puntos") == 3
    assert out.count("No es la respuesta correcta · 0 puntos") == 2
    assert "Ya respondiste este reto" in out
    assert "Este reto es del equipo Ventas" in out
    assert "Este reto cerró" in out
    assert "🥇 Ventas — 200 pts" in out and "🥈 Caja — 100 pts" in out
    assert "puesto 1 de 5" in out
    assert "2 posts, 8 clicks, 5 scored, 300 points in the ledger." in out

"""Helpers shared by the tests: databases, a TCP proxy for outage drills, fault-drill worlds and workers."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout

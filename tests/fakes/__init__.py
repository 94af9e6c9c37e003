"""Test doubles that speak the real protocols."""

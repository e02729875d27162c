"""``permits serve`` refuses to print QR codes and links to a local port nothing answers on."""

from __future__ import annotations

import click
import pytest

from permits.cli.core import require_public_url_served


@pytest.mark.parametrize(
    ("public_url", "port"),
    [
        ("http://127.0.0.1:5077", 5077),
        ("http://localhost:5077/", 5077),
        ("http://[::1]:8080", 8080),
        ("http://localhost", 80),
        ("https://permits.mvd.gov.kz", 5000),  # behind a reverse proxy: not checked
        ("http://10.0.0.5:5000", 5077),  # another machine's address: not checked
    ],
)
def test_a_public_url_served_here_or_elsewhere_is_accepted(public_url, port):
    require_public_url_served(public_url, port)


@pytest.mark.parametrize(
    ("public_url", "port", "hint"),
    [
        ("http://127.0.0.1:5000", 5077, "PERMITS_PUBLIC_URL=http://127.0.0.1:5077"),
        ("http://localhost", 8080, "PERMITS_PUBLIC_URL=http://localhost:8080"),
        ("http://[::1]:5000", 5077, "PERMITS_PUBLIC_URL=http://[::1]:5077"),
    ],
)
def test_a_loopback_public_url_on_another_port_is_refused_with_the_fix(public_url, port, hint):
    with pytest.raises(click.ClickException) as refused:
        require_public_url_served(public_url, port)
    assert f"PERMITS_PUBLIC_URL is {public_url}" in refused.value.message
    assert hint in refused.value.message

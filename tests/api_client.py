"""A thin JSON client over Flask's test client, signing in the way API users do."""

from __future__ import annotations

import io
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.factories import PASSWORD


class ApiClient:
    """Calls ``/api/v1`` as one user (or anonymously)."""

    def __init__(self, app: Flask, username: str | None = None):
        self.client: FlaskClient = app.test_client()
        self.headers: dict[str, str] = {}
        if username is not None:
            response = self.post("/auth/token", {"username": username, "password": PASSWORD})
            assert response.status_code == 201, response.get_json()
            self.token = response.get_json()["token"]
            self.headers["Authorization"] = f"Bearer {self.token}"

    def call(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        """One request; ``path`` is relative to /api/v1."""
        kwargs: dict[str, Any] = {"headers": {**self.headers, **headers}}
        if body is not None:
            kwargs["json"] = body
        return self.client.open(f"/api/v1{path}", method=method, **kwargs)

    def get(self, path: str, **headers: str) -> Any:
        """GET."""
        return self.call("GET", path, **headers)

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        """POST a JSON body."""
        return self.call("POST", path, body, **headers)

    def patch(self, path: str, body: Any, **headers: str) -> Any:
        """PATCH a JSON body."""
        return self.call("PATCH", path, body, **headers)

    def delete(self, path: str, **headers: str) -> Any:
        """DELETE."""
        return self.call("DELETE", path, **headers)

    def upload(self, path: str, data: bytes, fields: dict[str, str], filename: str = "doc.pdf",
               **headers: str) -> Any:  # fmt: skip
        """POST a multipart upload: the file and its metadata fields."""
        form = {**fields, "file": (io.BytesIO(data), filename)}
        return self.client.post(f"/api/v1{path}", data=form, content_type="multipart/form-data",
                                headers={**self.headers, **headers})  # fmt: skip

    def act(self, application_id: int, action: str, version: int | None = None, **body: Any):
        """Take a workflow action, naming the expected version if given."""
        headers = {"If-Match": f'"{version}"'} if version is not None else {}
        return self.post(f"/applications/{application_id}/actions/{action}", body, **headers)

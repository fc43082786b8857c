"""The `cms:` section of gongkai.yml: which git host the web editor talks to, and how it logs in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from gongkai.content.config import SITE_FILE
from gongkai.content.model import Site
from gongkai.problems import ContentError, Problem

# Decap's editorial workflow (a branch and a pull request per document) exists for GitHub and
# Forgejo; its Gitea backend commits directly (it also works with Forgejo, without the workflow)
BACKENDS = ("github", "forgejo", "gitea")
WORKFLOW_BACKENDS = ("github", "forgejo")
DEFAULT_PROXY_PORT = 8081  # decap-server's own default; GONGKAI_CMS_PROXY_PORT moves it


@dataclass(frozen=True)
class CmsSettings:
    backend: str  # "github" | "gitea"
    repo: str  # owner/name
    branch: str
    base_url: str  # GitHub: the OAuth proxy; Forgejo/Gitea: the server, where PKCE login happens
    api_root: str  # the git host's API, the only other host the editor may call
    app_id: str = ""  # Forgejo/Gitea: client ID of the OAuth2 application (PKCE, no secret)

    @property
    def api_origin(self) -> str:
        parts = urlsplit(self.api_root)
        return f"{parts.scheme}://{parts.netloc}"


def _repo_of(repo_url: str) -> tuple[str, str]:
    """(host URL, owner/name) of https://github.com/owner/name."""
    parts = urlsplit(repo_url)
    return f"{parts.scheme}://{parts.netloc}", parts.path.strip("/").removesuffix(".git")


def load_settings(site: Site) -> CmsSettings:
    """gongkai.yml's `cms:` section; without one, GitHub and the repository of `repo_url`."""
    path: Path = site.root / SITE_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) if path.exists() else None
    cms = dict((data or {}).get("cms") or {})
    host, repo = _repo_of(site.repo_url) if site.repo_url else ("https://github.com", "")
    backend = str(cms.get("backend") or ("github" if "github.com" in host else "gitea"))
    if backend not in BACKENDS:
        raise ContentError([Problem(SITE_FILE, 0, "cms.backend", "cms_backend_unknown",
                                    {"backend": backend, "backends": ", ".join(BACKENDS)})])
    if backend == "github":
        api_root = "https://api.github.com" if "github.com" in host else f"{host}/api/v3"
        # never Decap's default (Netlify's login service): the county's own OAuth proxy
        base_url = str(cms.get("auth_url") or "")
    else:
        api_root = f"{host}/api/v1"
        base_url = host
    return CmsSettings(
        backend=backend,
        repo=str(cms.get("repo") or repo),
        branch=str(cms.get("branch") or site.edit_branch),
        base_url=base_url,
        api_root=str(cms.get("api_root") or api_root),
        app_id=str(cms.get("app_id") or ""),
    )

"""Which git host the web editor talks to, and how it logs in: the cms_* settings of
gongkai.yml (declared in content/settings.py), each derived from repo_url when left out."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from gongkai.content.model import Site

# Decap's editorial workflow (a branch and a pull request per document) exists for GitHub and
# Forgejo; its Gitea backend commits directly (it also works with Forgejo, without the workflow)
WORKFLOW_BACKENDS = ("github", "forgejo")
DEFAULT_PROXY_PORT = 8081  # decap-server's own default; GONGKAI_CMS_PROXY_PORT moves it


@dataclass(frozen=True)
class CmsSettings:
    backend: str  # one of model.CMS_BACKENDS
    repo: str  # owner/name
    branch: str
    base_url: str  # GitHub: the OAuth proxy; Forgejo/Gitea: the server, where PKCE login happens
    api_root: str  # the git host's API, the only other host the editor may call
    app_id: str = ""  # Forgejo/Gitea: client ID of the OAuth2 application (PKCE, no secret)

    @property
    def api_origin(self) -> str:
        parts = urlsplit(self.api_root)
        return f"{parts.scheme}://{parts.netloc}"


def load_settings(site: Site) -> CmsSettings:
    """The editor's settings; without cms_* settings, GitHub and the repository of repo_url
    (another host: Gitea's API, which Forgejo serves too)."""
    parts = urlsplit(site.repo_url)
    host = f"{parts.scheme}://{parts.netloc}" if site.repo_url else "https://github.com"
    on_github = host == "https://github.com"
    backend = site.cms_backend or ("github" if on_github else "gitea")
    if backend == "github":
        api_root = "https://api.github.com" if on_github else f"{host}/api/v3"  # GitHub Enterprise
        base_url = site.cms_auth_url  # never Decap's default (Netlify's login service)
    else:
        api_root, base_url = f"{host}/api/v1", host
    return CmsSettings(
        backend=backend,
        repo=site.cms_repo or parts.path.strip("/").removesuffix(".git"),
        branch=site.cms_branch or site.edit_branch,
        base_url=base_url,
        api_root=api_root,
        app_id=site.cms_app_id,
    )

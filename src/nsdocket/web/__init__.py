"""The web app: public browsing, team coding and review, and administration over one database."""

from nsdocket.web.app import create_app, serve

__all__ = ["create_app", "serve"]

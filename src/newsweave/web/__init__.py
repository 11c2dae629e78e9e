"""The local web app (`newsweave serve`): story list, story pages, upload, JSON API."""

from newsweave.web.app import UploadLimits, create_app, is_loopback

__all__ = ["UploadLimits", "create_app", "is_loopback"]

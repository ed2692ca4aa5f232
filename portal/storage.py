"""A storage that looks up its backend in `settings.STORAGES` on every call.

Django evaluates a FileField's `storage` once, when models load. Volunteers'
scans must follow `STORAGES["private"]` wherever it points at run time (a
folder outside MEDIA_ROOT in development, an S3 bucket without public access in
production, a temporary folder per test), so this thin proxy resolves the
backend for each operation instead of freezing the first one.
"""

from django.core.files.storage import Storage, storages
from django.utils.deconstruct import deconstructible


@deconstructible
class AliasStorage(Storage):
    """Every operation goes to `storages[alias]` as configured at that moment."""

    def __init__(self, alias: str = "private"):
        self.alias = alias

    @property
    def backend(self) -> Storage:
        return storages[self.alias]

    def _open(self, name, mode="rb"):
        return self.backend._open(name, mode)

    def _save(self, name, content):
        return self.backend._save(name, content)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def size(self, name):
        return self.backend.size(name)

    def url(self, name):
        return self.backend.url(name)

    def path(self, name):
        return self.backend.path(name)

    def get_accessed_time(self, name):
        return self.backend.get_accessed_time(name)

    def get_created_time(self, name):
        return self.backend.get_created_time(name)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)

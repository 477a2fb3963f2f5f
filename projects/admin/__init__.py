from . import news, projects, sectors, targets

__all__ = ["news", "projects", "sectors", "targets"]

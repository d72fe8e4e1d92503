"""What a run leaves behind: the run folder (run_folder.py owns its layout)."""

from pixelhound.store.run_folder import RunFolder, RunFolderError

__all__ = ["RunFolder", "RunFolderError"]

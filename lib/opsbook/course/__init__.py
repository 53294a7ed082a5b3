"""The course around the chapters: checked exercises, answers as people type them, the trainer
guide and the start page's self-check."""

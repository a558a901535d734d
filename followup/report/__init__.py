"""The annual report: figures collected per chapter, HTML templates, a PDF by WeasyPrint."""

"""Everything that is not a widget.

Pure modules (no qgis/Qt import) sit beside the QGIS glue modules; see docs/design.md.
"""

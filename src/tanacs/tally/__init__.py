"""The tally engine: pure, typed counting rules over NumPy ballot arrays.

It imports neither Django nor the rest of tanacs, reads no files and reads no clock, so an
election officer can use it alone and anyone can recount a published ballot list with it.
"""

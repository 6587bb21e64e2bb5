"""A deliberately broken page

An old extract of the page: it still says 6 * 6.
"""
value = 6 * 6

"""The project's own tooling, one folder per role; imports run one way, down this list:

  page/     what a page is: its anatomy, the model of pages and notebooks, running their blocks
  derive/   files made from the pages: output blocks, snippets, figures, the verified-with record
  check/    what must hold: the lint and the pytest plugin that checks output blocks
  site/     the mkdocs hooks and the theme override
  measure/  benchmarks, search evaluation, other torch versions (nothing imports these)
"""

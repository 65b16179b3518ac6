"""The commands besides ``generate``: ``diff`` and ``drift`` (:mod:`compare`, :mod:`drift`),
``validate`` and ``lint-docs``. Each reads documents through the pipeline's read, parse and
enrich stages and never renders."""

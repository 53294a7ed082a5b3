"""Chapter 2, the four powers (四力): operation, product, merchandise and organization power,
how to measure them and how a team scores itself.

- :mod:`~opsbook.four_powers.metrics`: the private-domain GMV formula and its decomposition,
  touchpoint rates, the product chain, retention and assortment
- :mod:`~opsbook.four_powers.assessment`: scoring a worksheet, gaps, targets and cohorts
- :mod:`~opsbook.four_powers.report`: the worksheet report (Markdown, HTML, radar chart)
- :mod:`~opsbook.four_powers.charts`: the chapter's charts (contributions, funnels, retention)
- :mod:`~opsbook.four_powers.views`: the playbook's overview tables and practice lists
- :mod:`~opsbook.four_powers.files`: worksheet files in the work folder, saved atomically
"""

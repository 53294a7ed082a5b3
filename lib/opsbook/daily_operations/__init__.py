"""Chapter 5, daily operations (日常运营): the week's jobs of an operator as pure functions.

- :mod:`~opsbook.daily_operations.selection`: the product-selection scorecard (选品与品控) and offer
  conflicts
- :mod:`~opsbook.daily_operations.fission`: referral growth (裂变) by generation, its cost and
  payback
- :mod:`~opsbook.daily_operations.membership`: who reaches a membership tier threshold, who falls
  just short
- :mod:`~opsbook.daily_operations.report`: the daily data review (日报) with flags against earlier
  weeks
- :mod:`~opsbook.daily_operations.segments`: customers by recent behaviour (RFM) and the recall list
- :mod:`~opsbook.daily_operations.copy_test`: two copy variants: significance and the sample size
  needed
"""

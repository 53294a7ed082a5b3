"""Chapter 5, daily operations (日常运营): the week's jobs of an operator as pure functions.

- :mod:`~opsbook.daily.selection`: the product-selection scorecard (选品与品控) and offer conflicts
- :mod:`~opsbook.daily.fission`: referral growth (裂变) by generation, its cost and payback
- :mod:`~opsbook.daily.membership`: who reaches a membership tier threshold, who falls just short
- :mod:`~opsbook.daily.report`: the daily data review (日报) with flags against earlier weeks
- :mod:`~opsbook.daily.segments`: customers by recent behaviour (RFM) and the recall list
- :mod:`~opsbook.daily.copy_test`: two copy variants: significance and the sample size needed
"""

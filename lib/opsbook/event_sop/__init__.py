"""Running an event (活动SOP): the promotion calendar, back-scheduling the eight steps, forecasting
an event from past ones, tiered-price simulation, live monitoring and the post-event review."""

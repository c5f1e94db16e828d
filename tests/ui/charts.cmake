# ui/charts: the multi-resolution buffer on its own, and the panel driven by a real run.
socketscope_ui_test(tst_timeseriesbuffer)
socketscope_ui_test(tst_chartpanel)

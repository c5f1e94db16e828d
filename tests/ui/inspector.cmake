# The message inspector (issue 4): real traffic through the embedded server into the table.
socketscope_ui_test(tst_inspectorpanel)

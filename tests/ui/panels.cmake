# ui/panels: server panel, fault controls, scenario editor.
socketscope_ui_test(tst_jsontextedit)
socketscope_ui_test(tst_scenariodocument)
socketscope_ui_test(tst_simulatorpanel)
socketscope_ui_test(tst_serverpanel)
socketscope_ui_test(tst_faultpanel)

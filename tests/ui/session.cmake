# ui/session: the window's server host, run session and settings (no widgets shown).
socketscope_ui_test(tst_embeddedserverhost)
socketscope_ui_test(tst_serverconfigsettings)
socketscope_ui_test(tst_runsession)

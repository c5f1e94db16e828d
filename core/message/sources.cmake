# core/message: what a scenario's clients send and how they read what they receive - message
# templates with placeholders, JSON paths, field extractors and matchers for receive rules.
target_sources(socketscope_core PRIVATE
    message/fieldextractor.cpp message/fieldextractor.h
    message/jsonpath.cpp message/jsonpath.h
    message/jsonscalar.cpp message/jsonscalar.h
    message/messagematcher.cpp message/messagematcher.h
    message/messagetemplate.cpp message/messagetemplate.h
    message/receivedmessage.cpp message/receivedmessage.h
    message/ruleerror.cpp message/ruleerror.h
    message/templatecontext.h
)

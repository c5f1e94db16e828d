#pragma once

#include <QString>
#include <QStringView>

// Which operation a GraphQL document runs, read from the document's text: enough to tell a
// subscription from a query or a mutation, and to name it in a note. Not a GraphQL parser; it
// reads the top level of the document (October 2021 spec, 2.2 Document) and skips what is inside
// selection sets, strings and comments.
struct GraphQlOperation
{
    enum class Kind { Unknown, Query, Mutation, Subscription };

    Kind kind = Kind::Unknown;
    QString name; // empty for an anonymous operation

    // "subscription OnPost", "query", "mutation Post".
    QString toString() const;

    // The operation `operationName` names in `document`, or its only (else its first) operation
    // when operationName is empty; Kind::Unknown when there is none (a persisted query sends no
    // text) or the text cannot be read.
    static GraphQlOperation find(QStringView document, QStringView operationName = {});
};

#pragma once

#include <QObject>

// splitSqlScript: a migration is cut into the statements PostgreSQL would see.
class TestSqlScript : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splitsAtSemicolonsAndKeepsLines();
    void semicolonsInsideQuotesCommentsAndBodiesDoNotSplit();
    void commentOnlyPartsAreDropped();
    void unterminatedQuoteIsReportedWithItsLine();
    void splitsEachCase_data();
    void splitsEachCase();
};

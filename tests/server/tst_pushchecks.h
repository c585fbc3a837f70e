#pragma once

#include <QObject>

#include <memory>

namespace ekn::test {
class TempDatabase;
class Connection;
} // namespace ekn::test

// What api.push refuses, and why, on the migrated schema: each malformed field of a new track
// or tag row is refused by name while the rest of its batch is stored, whatever path the batch
// takes through the server (the quick one for a canonical batch, the general one otherwise).
// And the quick field test (app.push_fields_surely_valid, 033) against the full one
// (app.push_field_invalid) on seeded random rows.
class TestPushChecks : public QObject
{
    Q_OBJECT
public:
    TestPushChecks();
    ~TestPushChecks() override;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void refusesEachBadFieldByNameAndStoresTheRest_data();
    void refusesEachBadFieldByNameAndStoresTheRest();
    void idsWrittenOtherwiseAreAnsweredAsBefore();
    void rowsNotInsertedAreNamedAndMoveNoCounter();
    void aTransientErrorInTheInsertFailsTheCallAndStoresNothing();
    void theQuickFieldTestNeverPassesWhatTheFullCheckRefuses();

private:
    std::unique_ptr<ekn::test::TempDatabase> m_temp;
    std::unique_ptr<ekn::test::Connection> m_conn;
};

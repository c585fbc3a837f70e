#pragma once

#include <QObject>

#include <memory>

namespace ekn::test {
class TempDatabase;
class Connection;
} // namespace ekn::test

// The playlist entry merge of a push (app.push_merge_entries, server 013): this device's list,
// the server's, and the list both had at the last sync, case by case, on the migrated schema.
class TestEntryMerge : public QObject
{
    Q_OBJECT
public:
    TestEntryMerge();
    ~TestEntryMerge() override;

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void mergesEachCase_data();
    void mergesEachCase();

private:
    std::unique_ptr<ekn::test::TempDatabase> m_temp;
    std::unique_ptr<ekn::test::Connection> m_conn;
};

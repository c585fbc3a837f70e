#pragma once

#include <QObject>

// The migrated schema itself: the seed's constraints and sample queries, and that those
// queries stay on indexes with a realistically sized library.
class TestServerSchema : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emailIsUnique();
    void durationAndFileSizeMustBePositive();
    void deletingAUserRemovesEverythingTheyOwn();
    void deletingAPlaylistKeepsItsTracks();
    void seedSampleQueriesUseIndexesWith50kTracks();
};

#pragma once

#include <QObject>
#include <QTemporaryDir>

#include <memory>

// Smart and shared playlists in the window: a smart playlist in the sidebar with its own icon,
// whose view follows edits; a playlist another account published, opened from its link in a
// window signed in to a real account, with the entries this library lacks marked.
class TestSharedPlaylistWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void smartPlaylistHasItsOwnIconAndItsViewFollowsEdits();
    void openedSharedPlaylistMarksMissingEntriesAndCopiesTheRest();

private:
    std::unique_ptr<QTemporaryDir> m_data;
};

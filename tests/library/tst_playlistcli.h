#pragma once

#include <QObject>
#include <QTemporaryDir>

// eknmusic-cli playlist import / export (smart playlists too) as a user or a script runs them, against a library
// scanned from real audio files and playlist files written by hand or by another program.
class TestPlaylistCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void importMakesAPlaylistOfTheLibrarysTracksInTheFilesOrder();
    void importTakesANameAndSaysWhatWasSkipped();
    void exportWritesAFileThatImportsBackTheSame();
    void aFileThatIsNotAPlaylistMakesNoPlaylist();
    void exportOfAnUnknownPlaylistOrToAnUnwritablePlaceFails();
    void smartPlaylistExportsWhatItsRuleGivesNow();

private:
    QString show(const QString &id) const; // `playlist show ID` (titles in order)
    QTemporaryDir m_dir;
    QString m_music;
    QString m_data;
};

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ekn::AccountClient</name>
    <message>
        <source>the system keychain is not available (%1): you stay signed in only until the program quits, and nothing was saved</source>
        <translation>der Schlüsselbund des Systems ist nicht verfügbar (%1): Sie bleiben nur angemeldet, bis das Programm beendet wird, und es wurde nichts gespeichert</translation>
    </message>
    <message>
        <source>the session could not be removed from the system keychain: %1</source>
        <translation>die Sitzung konnte nicht aus dem Schlüsselbund des Systems entfernt werden: %1</translation>
    </message>
    <message>
        <source>the system keychain is not available (%1)</source>
        <translation>der Schlüsselbund des Systems ist nicht verfügbar (%1)</translation>
    </message>
</context>
<context>
    <name>ekn::AccountResult</name>
    <message>
        <source>this version of EKNMusic is too old for the server: update the app (%1)</source>
        <translation>diese Version von EKNMusic ist zu alt für den Server: aktualisieren Sie die App (%1)</translation>
    </message>
    <message>
        <source>the server is older than this version of EKNMusic: its operator must update it (eknmusic-cli db migrate)</source>
        <translation>der Server ist älter als diese Version von EKNMusic: sein Betreiber muss ihn aktualisieren (eknmusic-cli db migrate)</translation>
    </message>
    <message>
        <source>wrong email or password</source>
        <translation>falsche E-Mail-Adresse oder falsches Passwort</translation>
    </message>
    <message>
        <source>too many failed sign-ins: try again in %1 seconds</source>
        <translation>zu viele fehlgeschlagene Anmeldungen: versuchen Sie es in %1 Sekunden erneut</translation>
    </message>
    <message>
        <source>an account with this email already exists</source>
        <translation>es gibt bereits ein Konto mit dieser E-Mail-Adresse</translation>
    </message>
    <message>
        <source>that is not a valid email address</source>
        <translation>das ist keine gültige E-Mail-Adresse</translation>
    </message>
    <message>
        <source>the user name must be 1 to 100 characters, without control characters</source>
        <translation>der Benutzername muss 1 bis 100 Zeichen lang sein und darf keine Steuerzeichen enthalten</translation>
    </message>
    <message>
        <source>the password must have at least 8 characters</source>
        <translation>das Passwort muss mindestens 8 Zeichen lang sein</translation>
    </message>
    <message>
        <source>the password is too long (at most 72 bytes)</source>
        <translation>das Passwort ist zu lang (höchstens 72 Byte)</translation>
    </message>
    <message>
        <source>this session has ended: sign in again</source>
        <translation>diese Sitzung wurde beendet: melden Sie sich erneut an</translation>
    </message>
    <message>
        <source>this session has expired: sign in again</source>
        <translation>diese Sitzung ist abgelaufen: melden Sie sich erneut an</translation>
    </message>
    <message>
        <source>this session was ended because its token was used twice: sign in again</source>
        <translation>diese Sitzung wurde beendet, weil ihr Token zweimal verwendet wurde: melden Sie sich erneut an</translation>
    </message>
    <message>
        <source>not signed in</source>
        <translation>nicht angemeldet</translation>
    </message>
    <message>
        <source>cannot reach the server</source>
        <translation>der Server ist nicht erreichbar</translation>
    </message>
    <message>
        <source>the server refused the request: %1</source>
        <translation>der Server hat die Anfrage abgelehnt: %1</translation>
    </message>
    <message>
        <source>the system keychain failed: %1</source>
        <translation>Fehler im Schlüsselbund des Systems: %1</translation>
    </message>
</context>
<context>
    <name>ekn::AlbumGrid</name>
    <message>
        <source>Unknown Artist</source>
        <translation>Unbekannter Interpret</translation>
    </message>
    <message>
        <source>1 track</source>
        <translation>1 Titel</translation>
    </message>
    <message>
        <source>%1 tracks</source>
        <translation>%1 Titel</translation>
    </message>
    <message>
        <source>Loading albums…</source>
        <translation>Alben werden geladen …</translation>
    </message>
    <message>
        <source>Albums</source>
        <translation>Alben</translation>
    </message>
    <message>
        <source>No albums. Tracks with an album name show up here.</source>
        <translation>Keine Alben. Titel mit einem Albumnamen erscheinen hier.</translation>
    </message>
</context>
<context>
    <name>ekn::AlbumModel</name>
    <message>
        <source>The library is not open.</source>
        <translation>Die Bibliothek ist nicht geöffnet.</translation>
    </message>
</context>
<context>
    <name>ekn::AlbumStore</name>
    <message>
        <source>Cannot read the albums: %1</source>
        <translation>Die Alben können nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>ekn::ConflictLog</name>
    <message>
        <source>no conflict with id %1</source>
        <translation>kein Konflikt mit der ID %1</translation>
    </message>
    <message>
        <source>conflict %1 (%2 of %3) cannot be restored</source>
        <translation>Konflikt %1 (%2 von %3) kann nicht wiederhergestellt werden</translation>
    </message>
    <message>
        <source>the %1 row %2 is gone</source>
        <translation>die Zeile %2 in %1 gibt es nicht mehr</translation>
    </message>
    <message>
        <source>cannot read the sync conflict log: %1</source>
        <translation>das Konfliktprotokoll der Synchronisierung kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>cannot write the conflict log: %1</source>
        <translation>das Konfliktprotokoll kann nicht geschrieben werden: %1</translation>
    </message>
</context>
<context>
    <name>ekn::ConflictLogDialog</name>
    <message>
        <source>&amp;Restore Lost Value</source>
        <translation>Verlorenen Wert &amp;wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Sync Now</source>
        <translation>&amp;Jetzt synchronisieren</translation>
    </message>
    <message>
        <source>Sync Conflicts</source>
        <translation>Synchronisierungskonflikte</translation>
    </message>
    <message>
        <source>When the same field was changed here and on another device, the change synced last was kept. The other value is listed here; Restore makes it the current value again, and it syncs to your other devices.</source>
        <translation>Wenn dasselbe Feld hier und auf einem anderen Gerät geändert wurde, wurde die zuletzt synchronisierte Änderung behalten. Der andere Wert steht hier; „Wiederherstellen“ macht ihn wieder zum aktuellen Wert, und er wird mit Ihren anderen Geräten synchronisiert.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <source>Track or Playlist</source>
        <translation>Titel oder Wiedergabeliste</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Verloren</translation>
    </message>
    <message>
        <source>Lost Value From</source>
        <translation>Verlorener Wert von</translation>
    </message>
    <message>
        <source>No conflicts: nothing was lost while syncing.</source>
        <translation>Keine Konflikte: Beim Synchronisieren ist nichts verloren gegangen.</translation>
    </message>
    <message>
        <source>Playlist</source>
        <translation>Wiedergabeliste</translation>
    </message>
    <message>
        <source>Track</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>%1 (no longer in the library)</source>
        <translation>%1 (nicht mehr in der Bibliothek)</translation>
    </message>
    <message>
        <source>%1 “%2”</source>
        <translation>%1 „%2“</translation>
    </message>
    <message>
        <source>This device</source>
        <translation>Dieses Gerät</translation>
    </message>
    <message>
        <source>Another device</source>
        <translation>Ein anderes Gerät</translation>
    </message>
    <message>
        <source>%1 — restored %2</source>
        <translation>%1 — wiederhergestellt: %2</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Artist</source>
        <translation>Interpret</translation>
    </message>
    <message>
        <source>Album</source>
        <translation>Album</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>The whole change (refused by the server)</source>
        <translation>Die ganze Änderung (vom Server abgelehnt)</translation>
    </message>
    <message>
        <source>Tracks and order</source>
        <translation>Titel und Reihenfolge</translation>
    </message>
    <message>
        <source>Playlist deleted</source>
        <translation>Wiedergabeliste gelöscht</translation>
    </message>
    <message>
        <source>Track deleted</source>
        <translation>Titel gelöscht</translation>
    </message>
    <message>
        <source>Album artist</source>
        <translation>Albuminterpret</translation>
    </message>
    <message>
        <source>Genre</source>
        <translation>Genre</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Jahr</translation>
    </message>
    <message>
        <source>Composer</source>
        <translation>Komponist</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Track number</source>
        <translation>Titelnummer</translation>
    </message>
    <message>
        <source>Disc number</source>
        <translation>CD-Nummer</translation>
    </message>
    <message>
        <source>Not deleted</source>
        <translation>Nicht gelöscht</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Gelöscht</translation>
    </message>
    <message>
        <source>1 track</source>
        <translation>1 Titel</translation>
    </message>
    <message>
        <source>%1 tracks</source>
        <translation>%1 Titel</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
</context>
<context>
    <name>ekn::EmptyState</name>
    <message>
        <source>Drop a music folder here to start your library</source>
        <translation>Ziehen Sie einen Musikordner hierher, um Ihre Bibliothek anzulegen</translation>
    </message>
    <message>
        <source>Folders and files can be dropped anywhere on this window. EKNMusic reads their tags; your files stay where they are.</source>
        <translation>Ordner und Dateien können überall in diesem Fenster abgelegt werden. EKNMusic liest ihre Tags; Ihre Dateien bleiben, wo sie sind.</translation>
    </message>
    <message>
        <source>Add Folder...</source>
        <translation>Ordner hinzufügen...</translation>
    </message>
</context>
<context>
    <name>ekn::FileImport</name>
    <message>
        <source>%1 was not found</source>
        <translation>%1 wurde nicht gefunden</translation>
    </message>
    <message>
        <source>%1 is not an audio file</source>
        <translation>%1 ist keine Audiodatei</translation>
    </message>
</context>
<context>
    <name>ekn::FileLinker</name>
    <message>
        <source>cannot link a file to its synced track: %1</source>
        <translation>eine Datei kann nicht mit ihrem synchronisierten Titel verknüpft werden: %1</translation>
    </message>
</context>
<context>
    <name>ekn::FolderActions</name>
    <message>
        <source>&amp;Manage Folders...</source>
        <translation>Ordner &amp;verwalten...</translation>
    </message>
    <message>
        <source>&amp;Rescan Library Folders</source>
        <translation>Bibliotheksordner &amp;neu einlesen</translation>
    </message>
    <message>
        <source>Remove from &amp;Library</source>
        <translation>Aus der &amp;Bibliothek entfernen</translation>
    </message>
    <message>
        <source>%1 tracks are back in the library.</source>
        <translation>%1 Titel sind wieder in der Bibliothek.</translation>
    </message>
    <message>
        <source>Folders checked periodically</source>
        <translation>Ordner werden regelmäßig geprüft</translation>
    </message>
    <message>
        <source>Looking for new, changed and deleted files...</source>
        <translation>Suche nach neuen, geänderten und gelöschten Dateien...</translation>
    </message>
    <message>
        <source>Add a Music Folder</source>
        <translation>Musikordner hinzufügen</translation>
    </message>
    <message>
        <source>Select the tracks to remove from the library first.</source>
        <translation>Wählen Sie zuerst die Titel aus, die aus der Bibliothek entfernt werden sollen.</translation>
    </message>
</context>
<context>
    <name>ekn::FolderScanner</name>
    <message>
        <source>cannot open the file: %1</source>
        <translation>die Datei kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>files were read but could not be stored in the library: %1</source>
        <translation>Dateien wurden gelesen, konnten aber nicht in der Bibliothek gespeichert werden: %1</translation>
    </message>
    <message>
        <source>the tracks taken out with %1 could not be brought back: %2</source>
        <translation>die mit %1 herausgenommenen Titel konnten nicht zurückgeholt werden: %2</translation>
    </message>
</context>
<context>
    <name>ekn::FolderWalker</name>
    <message>
        <source>folder not found</source>
        <translation>Ordner nicht gefunden</translation>
    </message>
    <message>
        <source>not a folder</source>
        <translation>kein Ordner</translation>
    </message>
    <message>
        <source>a virtual file system (like /proc), not music</source>
        <translation>ein virtuelles Dateisystem (wie /proc), keine Musik</translation>
    </message>
    <message>
        <source>folder cannot be read: permission denied</source>
        <translation>Ordner kann nicht gelesen werden: Zugriff verweigert</translation>
    </message>
</context>
<context>
    <name>ekn::FolderWatcher</name>
    <message>
        <source>The system allows no more folder watches: changes in the library folders are looked for every %1 min instead.</source>
        <translation>Das System erlaubt keine weiteren Ordnerüberwachungen: Änderungen in den Bibliotheksordnern werden stattdessen alle %1 Min. gesucht.</translation>
    </message>
</context>
<context>
    <name>ekn::IndexDeferral</name>
    <message>
        <source>cannot read the library&apos;s deferred indexes: %1</source>
        <translation>die zurückgestellten Indizes der Bibliothek können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>cannot build the index %1: %2</source>
        <translation>der Index %1 kann nicht aufgebaut werden: %2</translation>
    </message>
</context>
<context>
    <name>ekn::LibraryDatabase</name>
    <message>
        <source>cannot create the folder %1</source>
        <translation>der Ordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>%1 is not a file</source>
        <translation>%1 ist keine Datei</translation>
    </message>
    <message>
        <source>cannot open the library %1: %2</source>
        <translation>die Bibliothek %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>%1 is not an EKNMusic library (not an SQLite database)</source>
        <translation>%1 ist keine EKNMusic-Bibliothek (keine SQLite-Datenbank)</translation>
    </message>
    <message>
        <source>%1 is not an EKNMusic library (an SQLite file with other tables); it was left untouched</source>
        <translation>%1 ist keine EKNMusic-Bibliothek (eine SQLite-Datei mit anderen Tabellen); sie wurde nicht verändert</translation>
    </message>
    <message>
        <source>%1 was made by a newer EKNMusic (library schema %2, this version knows up to %3); update EKNMusic to open it. The file was not changed.</source>
        <translation>%1 wurde von einer neueren Version von EKNMusic angelegt (Bibliotheksschema %2, diese Version kennt höchstens %3); aktualisieren Sie EKNMusic, um sie zu öffnen. Die Datei wurde nicht verändert.</translation>
    </message>
    <message>
        <source>cannot read the schema version of %1: %2</source>
        <translation>die Schemaversion von %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>cannot read the schema file %1</source>
        <translation>die Schemadatei %1 kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>cannot upgrade the library %1 to schema %2: %3</source>
        <translation>die Bibliothek %1 kann nicht auf Schema %2 aktualisiert werden: %3</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder</source>
        <translation>%1 ist eine Datei, kein Ordner</translation>
    </message>
    <message>
        <source>cannot open the library %1: permission denied (it must be readable and writable by you)</source>
        <translation>die Bibliothek %1 kann nicht geöffnet werden: Zugriff verweigert (Sie müssen sie lesen und schreiben dürfen)</translation>
    </message>
    <message>
        <source>cannot write in the folder %1: permission denied (the library and its journal live there)</source>
        <translation>in den Ordner %1 kann nicht geschrieben werden: Zugriff verweigert (dort liegen die Bibliothek und ihr Journal)</translation>
    </message>
    <message>
        <source>%1 is damaged (%2): restore it from a backup, or move it away and EKNMusic starts a new library</source>
        <translation>%1 ist beschädigt (%2): Stellen Sie sie aus einer Sicherung wieder her, oder verschieben Sie sie, dann beginnt EKNMusic eine neue Bibliothek</translation>
    </message>
</context>
<context>
    <name>ekn::LibraryFolders</name>
    <message>
        <source>%1 is not one of the library&apos;s folders</source>
        <translation>%1 ist keiner der Ordner der Bibliothek</translation>
    </message>
</context>
<context>
    <name>ekn::LibraryWorker</name>
    <message>
        <source>Import cancelled. Tracks added: %1.</source>
        <translation>Import abgebrochen. Hinzugefügte Titel: %1.</translation>
    </message>
    <message>
        <source>No audio files found in what was dropped.</source>
        <translation>In den abgelegten Elementen wurden keine Audiodateien gefunden.</translation>
    </message>
    <message>
        <source>Not imported: %1 is not a music folder.</source>
        <translation>Nicht importiert: %1 ist kein Musikordner.</translation>
    </message>
    <message>
        <source>Not found: %1</source>
        <translation>Nicht gefunden: %1</translation>
    </message>
    <message>
        <source>Import finished. New tracks: %1; files that could not be read: %2.</source>
        <translation>Import abgeschlossen. Neue Titel: %1; nicht lesbare Dateien: %2.</translation>
    </message>
    <message>
        <source>Import finished. New tracks: %1.</source>
        <translation>Import abgeschlossen. Neue Titel: %1.</translation>
    </message>
    <message>
        <source>Saved in the library, but one file could not be written (%1).</source>
        <translation>In der Bibliothek gespeichert, aber eine Datei konnte nicht geschrieben werden (%1).</translation>
    </message>
    <message>
        <source>Saved in the library, but %1 files could not be written (first: %2).</source>
        <translation>In der Bibliothek gespeichert, aber %1 Dateien konnten nicht geschrieben werden (erste: %2).</translation>
    </message>
    <message>
        <source>Could not save the changes: %1</source>
        <translation>Die Änderungen konnten nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Changes saved in the library and the files. Tracks changed: %1.</source>
        <translation>Änderungen in der Bibliothek und in den Dateien gespeichert. Geänderte Titel: %1.</translation>
    </message>
    <message>
        <source>Changes saved. Tracks changed: %1.</source>
        <translation>Änderungen gespeichert. Geänderte Titel: %1.</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>Es gibt nichts rückgängig zu machen.</translation>
    </message>
    <message>
        <source>Last edit undone. Tracks restored: %1.</source>
        <translation>Letzte Änderung rückgängig gemacht. Wiederhergestellte Titel: %1.</translation>
    </message>
    <message>
        <source>Could not create the playlist: %1</source>
        <translation>Die Wiedergabeliste konnte nicht erstellt werden: %1</translation>
    </message>
    <message>
        <source>Could not rename the playlist: %1</source>
        <translation>Die Wiedergabeliste konnte nicht umbenannt werden: %1</translation>
    </message>
    <message>
        <source>Could not delete the playlist: %1</source>
        <translation>Die Wiedergabeliste konnte nicht gelöscht werden: %1</translation>
    </message>
    <message>
        <source>Could not restore the playlist: %1</source>
        <translation>Die Wiedergabeliste konnte nicht wiederhergestellt werden: %1</translation>
    </message>
    <message>
        <source>Added %1 of %2 tracks to “%3” (the others were already in it).</source>
        <translation>%1 von %2 Titeln zu „%3“ hinzugefügt (die übrigen waren bereits enthalten).</translation>
    </message>
    <message>
        <source>Tracks added to “%1”: %2.</source>
        <translation>Zu „%1“ hinzugefügte Titel: %2.</translation>
    </message>
    <message>
        <source>Could not reorder the playlist: %1</source>
        <translation>Die Wiedergabeliste konnte nicht neu sortiert werden: %1</translation>
    </message>
    <message>
        <source>Imported “%1”: %2 tracks; %3 not in the library were skipped.</source>
        <translation>„%1“ importiert: %2 Titel; %3 nicht in der Bibliothek vorhandene wurden übersprungen.</translation>
    </message>
    <message>
        <source>Imported “%1”. Tracks: %2.</source>
        <translation>„%1“ importiert. Titel: %2.</translation>
    </message>
    <message>
        <source>Exported “%1” to %2.</source>
        <translation>„%1“ nach %2 exportiert.</translation>
    </message>
    <message>
        <source>No audio files in what was dropped (files that are not music: %1).</source>
        <translation>Keine Audiodateien in den abgelegten Elementen (Dateien, die keine Musik sind: %1).</translation>
    </message>
    <message>
        <source>An import is already running; wait for it or cancel it first.</source>
        <translation>Es läuft bereits ein Import; warten Sie, bis er fertig ist, oder brechen Sie ihn zuerst ab.</translation>
    </message>
    <message>
        <source>Nothing was imported: the library could not be opened: %1</source>
        <translation>Nichts wurde importiert: Die Bibliothek konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Cannot merge duplicate tracks: %1</source>
        <translation>Doppelte Titel können nicht zusammengeführt werden: %1</translation>
    </message>
    <message>
        <source>No duplicate tracks found.</source>
        <translation>Keine doppelten Titel gefunden.</translation>
    </message>
    <message>
        <source>Duplicate tracks merged: %1. Edits that lost: %2 (Edit &gt; Sync Conflicts).</source>
        <translation>Doppelte Titel zusammengeführt: %1. Unterlegene Änderungen: %2 (Bearbeiten &gt; Synchronisierungskonflikte).</translation>
    </message>
    <message>
        <source>Duplicate tracks merged: %1.</source>
        <translation>Doppelte Titel zusammengeführt: %1.</translation>
    </message>
    <message>
        <source>new tracks: %1</source>
        <translation>neue Titel: %1</translation>
    </message>
    <message>
        <source>changed: %1</source>
        <translation>geändert: %1</translation>
    </message>
    <message>
        <source>files gone: %1</source>
        <translation>verschwundene Dateien: %1</translation>
    </message>
    <message>
        <source>Library updated from its folders (%1).</source>
        <translation>Bibliothek aus ihren Ordnern aktualisiert (%1).</translation>
    </message>
    <message>
        <source>Import finished. New tracks: %1; tracks back in the library: %2.</source>
        <translation>Import abgeschlossen. Neue Titel: %1; wieder in der Bibliothek: %2.</translation>
    </message>
    <message>
        <source>The library&apos;s folders could not be read: %1</source>
        <translation>Die Ordner der Bibliothek konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>A scan is running; wait for it or cancel it, then remove the folder.</source>
        <translation>Ein Einlesen läuft; warten Sie darauf oder brechen Sie es ab und entfernen Sie dann den Ordner.</translation>
    </message>
    <message>
        <source>The folder was not removed: %1</source>
        <translation>Der Ordner wurde nicht entfernt: %1</translation>
    </message>
    <message>
        <source>Removed %1 from the library (%2 tracks). Add the folder again to bring them back with their edits and playlist places.</source>
        <translation>%1 wurde aus der Bibliothek entfernt (%2 Titel). Fügen Sie den Ordner wieder hinzu, um sie mit ihren Änderungen und Plätzen in Wiedergabelisten zurückzuholen.</translation>
    </message>
    <message>
        <source>The tracks were not removed: %1</source>
        <translation>Die Titel wurden nicht entfernt: %1</translation>
    </message>
    <message>
        <source>Removed %1 tracks from the library. Ctrl+Z, or adding their folder again, brings them back.</source>
        <translation>%1 Titel aus der Bibliothek entfernt. Strg+Z oder das erneute Hinzufügen ihres Ordners holt sie zurück.</translation>
    </message>
    <message>
        <source>The tracks were not brought back: %1</source>
        <translation>Die Titel wurden nicht zurückgeholt: %1</translation>
    </message>
    <message>
        <source>Removed from the playlist: %1. Ctrl+Z puts them back.</source>
        <translation>Aus der Wiedergabeliste entfernt: %1. Strg+Z stellt sie wieder her.</translation>
    </message>
    <message>
        <source>Back in the playlist: %1.</source>
        <translation>Wieder in der Wiedergabeliste: %1.</translation>
    </message>
    <message>
        <source>Nothing was opened: the library could not be opened: %1</source>
        <translation>Nichts wurde geöffnet: Die Bibliothek konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Not opened: %1</source>
        <translation>Nicht geöffnet: %1</translation>
    </message>
    <message>
        <source>Could not create the smart playlist: %1</source>
        <translation>Die intelligente Wiedergabeliste konnte nicht angelegt werden: %1</translation>
    </message>
    <message>
        <source>Could not change the smart playlist: %1</source>
        <translation>Die intelligente Wiedergabeliste konnte nicht geändert werden: %1</translation>
    </message>
    <message>
        <source>Could not add the tracks: %1</source>
        <translation>Die Titel konnten nicht hinzugefügt werden: %1</translation>
    </message>
    <message>
        <source>Could not count the play of a track: %1</source>
        <translation>Die Wiedergabe eines Titels konnte nicht gezählt werden: %1</translation>
    </message>
    <message>
        <source>The import stopped before changing anything: %1</source>
        <translation>Der Import wurde beendet, bevor er etwas geändert hat: %1</translation>
    </message>
    <message>
        <source>The import could not store every track: %1</source>
        <translation>Der Import konnte nicht alle Titel speichern: %1</translation>
    </message>
    <message>
        <source>Could not remove the tracks from the playlist: %1</source>
        <translation>Die Titel konnten nicht aus der Wiedergabeliste entfernt werden: %1</translation>
    </message>
</context>
<context>
    <name>ekn::ListeningActions</name>
    <message>
        <source>&amp;Unrated</source>
        <translation>&amp;Nicht bewertet</translation>
    </message>
    <message numerus="yes">
        <source>(&amp;%n star(s))</source>
        <translation>
            <numerusform>(&amp;%n Stern)</numerusform>
            <numerusform>(&amp;%n Sterne)</numerusform>
        </translation>
    </message>
    <message>
        <source>Rat&amp;ing</source>
        <translation>Be&amp;wertung</translation>
    </message>
</context>
<context>
    <name>ekn::MainWindow</name>
    <message>
        <source>EKNMusic</source>
        <translation>EKNMusic</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Add Folder...</source>
        <translation>Ordner &amp;hinzufügen...</translation>
    </message>
    <message>
        <source>&amp;Import Playlist...</source>
        <translation>Wiedergabeliste &amp;importieren...</translation>
    </message>
    <message>
        <source>Show &amp;Import Errors...</source>
        <translation>Import&amp;fehler anzeigen...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>Edit &amp;Tags...</source>
        <translation>&amp;Tags bearbeiten...</translation>
    </message>
    <message>
        <source>&amp;Remove from Playlist</source>
        <translation>Aus Wiedergabeliste &amp;entfernen</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>&amp;Alles auswählen</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation>&amp;Wiedergabe</translation>
    </message>
    <message>
        <source>&amp;Play/Pause</source>
        <translation>&amp;Wiedergabe/Pause</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Stopp</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Nächster Titel</translation>
    </message>
    <message>
        <source>P&amp;revious</source>
        <translation>&amp;Vorheriger Titel</translation>
    </message>
    <message>
        <source>Volume &amp;Up</source>
        <translation>Lau&amp;ter</translation>
    </message>
    <message>
        <source>Volume &amp;Down</source>
        <translation>Le&amp;iser</translation>
    </message>
    <message>
        <source>Forward 10 s</source>
        <translation>10 s vorspulen</translation>
    </message>
    <message>
        <source>Back 10 s</source>
        <translation>10 s zurückspulen</translation>
    </message>
    <message>
        <source>P&amp;laylists</source>
        <translation>Wiedergabe&amp;listen</translation>
    </message>
    <message>
        <source>&amp;New Playlist...</source>
        <translation>&amp;Neue Wiedergabeliste...</translation>
    </message>
    <message>
        <source>New Playlist from &amp;Selection...</source>
        <translation>Neue Wiedergabeliste aus &amp;Auswahl...</translation>
    </message>
    <message>
        <source>&amp;Import...</source>
        <translation>&amp;Importieren...</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About EKNMusic</source>
        <translation>&amp;Über EKNMusic</translation>
    </message>
    <message>
        <source>The library could not be opened: %1</source>
        <translation>Die Bibliothek konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Bibliothek</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Not on this device</source>
        <translation>Nicht auf diesem Gerät</translation>
    </message>
    <message>
        <source>%1 · 1 track</source>
        <translation>%1 · 1 Titel</translation>
    </message>
    <message>
        <source>%1 · %2 tracks</source>
        <translation>%1 · %2 Titel</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <source>Edit Tags...</source>
        <translation>Tags bearbeiten...</translation>
    </message>
    <message>
        <source>Add to Playlist</source>
        <translation>Zur Wiedergabeliste hinzufügen</translation>
    </message>
    <message>
        <source>New Playlist...</source>
        <translation>Neue Wiedergabeliste...</translation>
    </message>
    <message>
        <source>Remove from Playlist</source>
        <translation>Aus Wiedergabeliste entfernen</translation>
    </message>
    <message>
        <source>Select the tracks to edit first.</source>
        <translation>Wählen Sie zuerst die Titel aus, die Sie bearbeiten möchten.</translation>
    </message>
    <message>
        <source>Add a Music Folder</source>
        <translation>Musikordner hinzufügen</translation>
    </message>
    <message>
        <source>About EKNMusic</source>
        <translation>Über EKNMusic</translation>
    </message>
    <message>
        <source>&lt;h3&gt;EKNMusic %1&lt;/h3&gt;&lt;p&gt;A music library manager: your local library, playlists and playback, synced between your desktops.&lt;/p&gt;&lt;p&gt;Built with Qt %2 and TagLib.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;EKNMusic %1&lt;/h3&gt;&lt;p&gt;Eine Verwaltung für Ihre Musikbibliothek: Ihre lokale Bibliothek, Wiedergabelisten und Wiedergabe, synchronisiert zwischen Ihren Computern.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2 und TagLib.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Deleted “%1”. Ctrl+Z or right-click it under Deleted playlists to restore it.</source>
        <translation>„%1“ gelöscht. Mit Strg+Z oder per Rechtsklick unter „Gelöschte Wiedergabelisten“ lässt sie sich wiederherstellen.</translation>
    </message>
    <message>
        <source>&amp;Merge Duplicate Tracks</source>
        <translation>Doppelte Titel &amp;zusammenführen</translation>
    </message>
    <message>
        <source>&amp;Export Current Playlist...</source>
        <translation>Aktuelle Wiedergabeliste &amp;exportieren...</translation>
    </message>
    <message>
        <source>Open a playlist in the sidebar first.</source>
        <translation>Öffnen Sie zuerst eine Wiedergabeliste in der Seitenleiste.</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>To take tracks out of the library use Edit &gt; Remove from Library (Shift+Del); select a playlist to remove tracks from it.</source>
        <translation>Um Titel aus der Bibliothek zu nehmen, verwenden Sie Bearbeiten &gt; Aus der Bibliothek entfernen (Umschalt+Entf); wählen Sie eine Wiedergabeliste, um Titel daraus zu entfernen.</translation>
    </message>
    <message>
        <source>New S&amp;mart Playlist from Search...</source>
        <translation>Neue intelligente Wiedergabeliste aus &amp;Suche...</translation>
    </message>
    <message>
        <source>&amp;Open Shared Playlist...</source>
        <translation>&amp;Geteilte Wiedergabeliste öffnen...</translation>
    </message>
    <message>
        <source>Albums</source>
        <translation>Alben</translation>
    </message>
    <message>
        <source>%1 · 1 album</source>
        <translation>%1 · 1 Album</translation>
    </message>
    <message>
        <source>%1 · %2 albums</source>
        <translation>%1 · %2 Alben</translation>
    </message>
</context>
<context>
    <name>ekn::ManageFoldersDialog</name>
    <message>
        <source>&amp;Add Folder...</source>
        <translation>Ordner &amp;hinzufügen...</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Re&amp;scan</source>
        <translation>Neu ein&amp;lesen</translation>
    </message>
    <message>
        <source>Manage Folders</source>
        <translation>Ordner verwalten</translation>
    </message>
    <message>
        <source>EKNMusic keeps these folders up to date while it runs. Removing a folder takes its tracks out of the library (on your other devices too); adding it again brings them back with their edits and playlist places. Files are never deleted.</source>
        <translation>EKNMusic hält diese Ordner aktuell, solange es läuft. Das Entfernen eines Ordners nimmt seine Titel aus der Bibliothek (auch auf Ihren anderen Geräten); wird er wieder hinzugefügt, kommen sie mit ihren Änderungen und Plätzen in Wiedergabelisten zurück. Dateien werden nie gelöscht.</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Tracks</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Last checked</source>
        <translation>Zuletzt geprüft</translation>
    </message>
    <message>
        <source>%1 (%2 not found)</source>
        <translation>%1 (%2 nicht gefunden)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>No folders yet: add the folders where your music is.</source>
        <translation>Noch keine Ordner: Fügen Sie die Ordner hinzu, in denen Ihre Musik liegt.</translation>
    </message>
</context>
<context>
    <name>ekn::NowPlayingPanel</name>
    <message>
        <source>Nothing playing</source>
        <translation>Es wird nichts abgespielt</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>ekn::Outbox</name>
    <message>
        <source>cannot record the change for sync: %1</source>
        <translation>die Änderung kann nicht für die Synchronisierung vorgemerkt werden: %1</translation>
    </message>
</context>
<context>
    <name>ekn::PlayTallies</name>
    <message>
        <source>no track with id %1</source>
        <translation>kein Titel mit der ID %1</translation>
    </message>
    <message>
        <source>cannot count a play: %1</source>
        <translation>die Wiedergabe kann nicht gezählt werden: %1</translation>
    </message>
    <message>
        <source>cannot move a track&apos;s play counts: %1</source>
        <translation>die Wiedergabezähler eines Titels können nicht übertragen werden: %1</translation>
    </message>
</context>
<context>
    <name>ekn::PlaybackController</name>
    <message>
        <source>Queue</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <source>Show &amp;Queue</source>
        <translation>Warteschlange anzei&amp;gen</translation>
    </message>
    <message>
        <source>Show the queue</source>
        <translation>Die Warteschlange anzeigen</translation>
    </message>
    <message>
        <source>Play &amp;Next</source>
        <translation>Als Nächstes a&amp;bspielen</translation>
    </message>
    <message>
        <source>Add to &amp;Queue</source>
        <translation>Zur Warteschlange &amp;hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Clear Queue</source>
        <translation>Warteschlange &amp;leeren</translation>
    </message>
    <message>
        <source>Shuffle &amp;Off</source>
        <translation>Zufallswiedergabe &amp;aus</translation>
    </message>
    <message>
        <source>Shuffle &amp;Tracks</source>
        <translation>&amp;Titel zufällig</translation>
    </message>
    <message>
        <source>Shuffle &amp;Albums</source>
        <translation>A&amp;lben zufällig</translation>
    </message>
    <message>
        <source>Repeat O&amp;ff</source>
        <translation>Wiederholen a&amp;us</translation>
    </message>
    <message>
        <source>Repeat A&amp;ll</source>
        <translation>&amp;Alle wiederholen</translation>
    </message>
    <message>
        <source>Repeat &amp;One</source>
        <translation>&amp;Einen wiederholen</translation>
    </message>
    <message>
        <source>S&amp;huffle</source>
        <translation>&amp;Zufallswiedergabe</translation>
    </message>
    <message>
        <source>Re&amp;peat</source>
        <translation>Wiederh&amp;olen</translation>
    </message>
    <message>
        <source>No audio output could be opened: playback runs, but nothing can be heard. Connect or enable a sound device.</source>
        <translation>Es konnte keine Audioausgabe geöffnet werden: Die Wiedergabe läuft, aber es ist nichts zu hören. Schließen Sie ein Audiogerät an oder aktivieren Sie eines.</translation>
    </message>
    <message>
        <source>Now Playing</source>
        <translation>Aktuelle Wiedergabe</translation>
    </message>
    <message>
        <source>Show Now &amp;Playing</source>
        <translation>Aktuelle Wiedergabe &amp;einblenden</translation>
    </message>
    <message>
        <source>Show what is playing, with its cover</source>
        <translation>Zeigen, was gerade abgespielt wird, mit Cover</translation>
    </message>
</context>
<context>
    <name>ekn::PlaybackSession</name>
    <message>
        <source>The play queue could not be saved to %1: %2</source>
        <translation>Die Warteschlange konnte nicht in %1 gespeichert werden: %2</translation>
    </message>
    <message>
        <source>The play queue of the last session could not be read from %1: %2</source>
        <translation>Die Warteschlange der letzten Sitzung konnte nicht aus %1 gelesen werden: %2</translation>
    </message>
    <message>
        <source>The play queue of the last session could not be read from %1: the file is damaged. The queue starts empty.</source>
        <translation>Die Warteschlange der letzten Sitzung konnte nicht aus %1 gelesen werden: Die Datei ist beschädigt. Die Warteschlange beginnt leer.</translation>
    </message>
</context>
<context>
    <name>ekn::Player</name>
    <message>
        <source>Cannot play “%1”: the file is not available (%2).</source>
        <translation>„%1“ kann nicht abgespielt werden: Die Datei ist nicht verfügbar (%2).</translation>
    </message>
    <message>
        <source>Cannot play “%1”: this format cannot be played.</source>
        <translation>„%1“ kann nicht abgespielt werden: Dieses Format wird nicht unterstützt.</translation>
    </message>
    <message>
        <source>Cannot play “%1”: the file cannot be read.</source>
        <translation>„%1“ kann nicht abgespielt werden: Die Datei kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Cannot play “%1”: access to the file was denied.</source>
        <translation>„%1“ kann nicht abgespielt werden: Der Zugriff auf die Datei wurde verweigert.</translation>
    </message>
    <message>
        <source>Cannot play “%1”: a network error occurred.</source>
        <translation>„%1“ kann nicht abgespielt werden: Ein Netzwerkfehler ist aufgetreten.</translation>
    </message>
</context>
<context>
    <name>ekn::PlayerBar</name>
    <message>
        <source>Previous</source>
        <translation>Vorheriger Titel</translation>
    </message>
    <message>
        <source>Play (Space)</source>
        <translation>Abspielen (Leertaste)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Nächster Titel</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Lautstärke</translation>
    </message>
    <message>
        <source>Pause (Space)</source>
        <translation>Pause (Leertaste)</translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation>Zufallswiedergabe</translation>
    </message>
    <message>
        <source>Shuffle Off</source>
        <translation>Zufallswiedergabe aus</translation>
    </message>
    <message>
        <source>Shuffle Tracks</source>
        <translation>Titel zufällig</translation>
    </message>
    <message>
        <source>Shuffle Albums</source>
        <translation>Alben zufällig</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Shuffle is off</source>
        <translation>Zufallswiedergabe ist aus</translation>
    </message>
    <message>
        <source>Shuffle: tracks in a random order</source>
        <translation>Zufallswiedergabe: Titel in zufälliger Reihenfolge</translation>
    </message>
    <message>
        <source>Shuffle: albums in a random order, each in its order</source>
        <translation>Zufallswiedergabe: Alben in zufälliger Reihenfolge, jedes in seiner Reihenfolge</translation>
    </message>
    <message>
        <source>Repeat is off</source>
        <translation>Wiederholen ist aus</translation>
    </message>
    <message>
        <source>Repeat all: the list starts over at its end</source>
        <translation>Alle wiederholen: Die Liste beginnt an ihrem Ende von vorn</translation>
    </message>
    <message>
        <source>Repeat one: this track plays again</source>
        <translation>Einen wiederholen: Dieser Titel wird erneut abgespielt</translation>
    </message>
</context>
<context>
    <name>ekn::PlaylistActions</name>
    <message>
        <source>New Playlist</source>
        <translation>Neue Wiedergabeliste</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>A playlist needs a name.</source>
        <translation>Eine Wiedergabeliste braucht einen Namen.</translation>
    </message>
    <message>
        <source>Rename Playlist</source>
        <translation>Wiedergabeliste umbenennen</translation>
    </message>
    <message>
        <source>Import Playlist</source>
        <translation>Wiedergabeliste importieren</translation>
    </message>
    <message>
        <source>Export Playlist</source>
        <translation>Wiedergabeliste exportieren</translation>
    </message>
    <message>
        <source>M3U8 playlist (*.m3u8);;XSPF playlist (*.xspf)</source>
        <translation>M3U8-Wiedergabeliste (*.m3u8);;XSPF-Wiedergabeliste (*.xspf)</translation>
    </message>
    <message>
        <source>Playlists (*.m3u8 *.m3u *.xspf *.pls)</source>
        <translation>Wiedergabelisten (*.m3u8 *.m3u *.xspf *.pls)</translation>
    </message>
</context>
<context>
    <name>ekn::PlaylistFile</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>%1 is not a valid XSPF playlist (line %2: %3)</source>
        <translation>%1 ist keine gültige XSPF-Wiedergabeliste (Zeile %2: %3)</translation>
    </message>
    <message>
        <source>%1 is not a playlist: %2 MB is far too big for one</source>
        <translation>%1 ist keine Wiedergabeliste: %2 MB sind dafür viel zu groß</translation>
    </message>
    <message>
        <source>%1 is not a playlist: it holds binary data, not a list of files</source>
        <translation>%1 ist keine Wiedergabeliste: Sie enthält Binärdaten, keine Liste von Dateien</translation>
    </message>
</context>
<context>
    <name>ekn::PlaylistStore</name>
    <message>
        <source>a playlist needs a name</source>
        <translation>eine Wiedergabeliste braucht einen Namen</translation>
    </message>
    <message>
        <source>no playlist with id %1</source>
        <translation>keine Wiedergabeliste mit der ID %1</translation>
    </message>
    <message>
        <source>no entry at position %1 (or %2) in the playlist</source>
        <translation>kein Eintrag an Position %1 (oder %2) in der Wiedergabeliste</translation>
    </message>
    <message>
        <source>no entry at position %1 in the playlist</source>
        <translation>kein Eintrag an Position %1 in der Wiedergabeliste</translation>
    </message>
    <message>
        <source>a playlist name can have at most %1 characters (this one has %2)</source>
        <translation>der Name einer Wiedergabeliste darf höchstens %1 Zeichen haben (dieser hat %2)</translation>
    </message>
    <message>
        <source>a playlist name cannot contain line breaks or control characters</source>
        <translation>der Name einer Wiedergabeliste darf keine Zeilenumbrüche oder Steuerzeichen enthalten</translation>
    </message>
    <message>
        <source>%1 is not a smart playlist</source>
        <translation>%1 ist keine intelligente Wiedergabeliste</translation>
    </message>
    <message>
        <source>a smart playlist&apos;s tracks come from its rule: edit the rule instead of its entries</source>
        <translation>die Titel einer intelligenten Wiedergabeliste ergeben sich aus ihrer Regel: ändern Sie die Regel statt der Einträge</translation>
    </message>
    <message>
        <source>the playlist could not be saved</source>
        <translation>die Wiedergabeliste konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>cannot read the library&apos;s playlists: %1</source>
        <translation>die Wiedergabelisten der Bibliothek können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>cannot read the playlist&apos;s entries: %1</source>
        <translation>die Einträge der Wiedergabeliste können nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>ekn::PlaylistTransfer</name>
    <message>
        <source>Could not create the playlist: %1</source>
        <translation>Die Wiedergabeliste konnte nicht erstellt werden: %1</translation>
    </message>
    <message>
        <source>The playlist “%1” was made, but its tracks could not be added: %2</source>
        <translation>Die Wiedergabeliste „%1“ wurde angelegt, aber ihre Titel konnten nicht hinzugefügt werden: %2</translation>
    </message>
    <message>
        <source>That playlist no longer exists.</source>
        <translation>Diese Wiedergabeliste gibt es nicht mehr.</translation>
    </message>
</context>
<context>
    <name>ekn::QueueModel</name>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
</context>
<context>
    <name>ekn::QueuePanel</name>
    <message>
        <source>Queue</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Remove everything you queued</source>
        <translation>Alles entfernen, was Sie in die Warteschlange gestellt haben</translation>
    </message>
    <message>
        <source>Nothing queued. Right-click tracks and choose Play Next or Add to Queue, or drag them here.</source>
        <translation>Nichts in der Warteschlange. Klicken Sie mit der rechten Maustaste auf Titel und wählen Sie „Als Nächstes abspielen“ oder „Zur Warteschlange hinzufügen“, oder ziehen Sie sie hierher.</translation>
    </message>
    <message>
        <source>Queued: %1 · then from the playing list: %2</source>
        <translation>In der Warteschlange: %1 · danach aus der laufenden Liste: %2</translation>
    </message>
</context>
<context>
    <name>ekn::RemoteSession</name>
    <message>
        <source>cannot reach the server: %1</source>
        <translation>der Server ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>cannot reach the server</source>
        <translation>der Server ist nicht erreichbar</translation>
    </message>
    <message>
        <source>lost the connection to the server: %1</source>
        <translation>die Verbindung zum Server wurde unterbrochen: %1</translation>
    </message>
    <message>
        <source>signed out: %1</source>
        <translation>abgemeldet: %1</translation>
    </message>
    <message>
        <source>server error: %1</source>
        <translation>Serverfehler: %1</translation>
    </message>
    <message>
        <source>the server needs a newer EKNMusic: update the app to sync (%1)</source>
        <translation>der Server braucht eine neuere Version von EKNMusic: aktualisieren Sie die App, um zu synchronisieren (%1)</translation>
    </message>
    <message>
        <source>the server is older than this EKNMusic (it does not speak server API version %1): ask its administrator to update it (`eknmusic-cli db migrate`), then sync again</source>
        <translation>der Server ist älter als diese Version von EKNMusic (er spricht die Server-API Version %1 nicht): bitten Sie den Administrator, ihn zu aktualisieren (`eknmusic-cli db migrate`), und synchronisieren Sie dann erneut</translation>
    </message>
</context>
<context>
    <name>ekn::ScanErrorsDialog</name>
    <message>
        <source>Files That Could Not Be Read</source>
        <translation>Nicht lesbare Dateien</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Zeitpunkt</translation>
    </message>
</context>
<context>
    <name>ekn::ScopedTransaction</name>
    <message>
        <source>the library is busy: another EKNMusic window or command kept it locked for more than 10 seconds; try again when it is done</source>
        <translation>die Bibliothek ist belegt: Ein anderes EKNMusic-Fenster oder ein Befehl hat sie länger als 10 Sekunden gesperrt; versuchen Sie es erneut, wenn es fertig ist</translation>
    </message>
    <message>
        <source>the change was already rolled back</source>
        <translation>die Änderung wurde bereits zurückgenommen</translation>
    </message>
</context>
<context>
    <name>ekn::SearchDeferral</name>
    <message>
        <source>cannot update the search index: %1</source>
        <translation>der Suchindex kann nicht aktualisiert werden: %1</translation>
    </message>
    <message>
        <source>cannot read the search backlog: %1</source>
        <translation>die Liste der noch nicht indizierten Titel kann nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>ekn::SearchFallback</name>
    <message>
        <source>cannot search the tracks not indexed yet: %1</source>
        <translation>die noch nicht indizierten Titel können nicht durchsucht werden: %1</translation>
    </message>
</context>
<context>
    <name>ekn::SearchQuery</name>
    <message>
        <source>%1:%2 is not a filter I understand: write an age with &lt; or &gt;, such as %1:&lt;30d (h, d, w, m, y)</source>
        <translation>%1:%2 ist kein verständlicher Filter: geben Sie ein Alter mit &lt; oder &gt; an, etwa %1:&lt;30d (h, d, w, m, y)</translation>
    </message>
    <message>
        <source>%1:%2 is not a rating: write stars from 0 to 5, such as rating:&gt;=4 or rating:3.5</source>
        <translation>%1:%2 ist keine Bewertung: geben Sie Sterne von 0 bis 5 an, etwa rating:&gt;=4 oder rating:3.5</translation>
    </message>
    <message>
        <source>%1:%2 is not a count: write a number, such as %1:&gt;10</source>
        <translation>%1:%2 ist keine Anzahl: geben Sie eine Zahl an, etwa %1:&gt;10</translation>
    </message>
</context>
<context>
    <name>ekn::ServerConnection</name>
    <message>
        <source>bad server URL: %1</source>
        <translation>ungültige Server-URL: %1</translation>
    </message>
    <message>
        <source>it is empty (expected postgresql://user@host:port/database)</source>
        <translation>sie ist leer (erwartet: postgresql://benutzer@host:port/datenbank)</translation>
    </message>
    <message>
        <source>it must start with postgresql:// or postgres://</source>
        <translation>sie muss mit postgresql:// oder postgres:// beginnen</translation>
    </message>
    <message>
        <source>it is not a valid URI (check the port and that special characters in the password are percent-encoded)</source>
        <translation>sie ist keine gültige URI (prüfen Sie den Port und ob Sonderzeichen im Passwort prozentkodiert sind)</translation>
    </message>
    <message>
        <source>scheme &apos;%1&apos; is not postgresql:// or postgres://</source>
        <translation>das Schema „%1“ ist weder postgresql:// noch postgres://</translation>
    </message>
    <message>
        <source>it is not a valid URI</source>
        <translation>sie ist keine gültige URI</translation>
    </message>
    <message>
        <source>port 0 is not a port</source>
        <translation>Port 0 ist kein gültiger Port</translation>
    </message>
    <message>
        <source>no database name (postgresql://user@host:port/DATABASE)</source>
        <translation>kein Datenbankname (postgresql://benutzer@host:port/DATENBANK)</translation>
    </message>
    <message>
        <source>the database name &apos;%1&apos; contains &apos;/&apos;</source>
        <translation>der Datenbankname „%1“ enthält „/“</translation>
    </message>
    <message>
        <source>parameter %1 must not contain &apos;;&apos;</source>
        <translation>der Parameter %1 darf kein „;“ enthalten</translation>
    </message>
    <message>
        <source>sslmode &apos;%1&apos; is not one of disable, allow, prefer, require, verify-ca, verify-full</source>
        <translation>sslmode „%1“ ist keiner der Werte disable, allow, prefer, require, verify-ca, verify-full</translation>
    </message>
    <message>
        <source>connect_timeout &apos;%1&apos; is not a number of seconds from 1 to 3600</source>
        <translation>connect_timeout „%1“ ist keine Anzahl Sekunden von 1 bis 3600</translation>
    </message>
    <message>
        <source>host given twice</source>
        <translation>Host zweimal angegeben</translation>
    </message>
    <message>
        <source>port &apos;%1&apos; is not from 1 to 65535</source>
        <translation>Port „%1“ liegt nicht zwischen 1 und 65535</translation>
    </message>
    <message>
        <source>unknown parameter &apos;%1&apos; (known: sslmode, connect_timeout, application_name, sslrootcert, host, port, user, dbname)</source>
        <translation>unbekannter Parameter „%1“ (bekannt: sslmode, connect_timeout, application_name, sslrootcert, host, port, user, dbname)</translation>
    </message>
    <message>
        <source>no database name</source>
        <translation>kein Datenbankname</translation>
    </message>
    <message>
        <source>the Qt PostgreSQL driver (QPSQL) is not installed (Debian: libqt6sql6-psql)</source>
        <translation>der PostgreSQL-Treiber von Qt (QPSQL) ist nicht installiert (Debian: libqt6sql6-psql)</translation>
    </message>
    <message>
        <source>(default user)</source>
        <translation>(Standardbenutzer)</translation>
    </message>
    <message>
        <source>cannot reach the database server at %1: %2</source>
        <translation>der Datenbankserver %1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>login to %1 as %2 failed: %3 (check the password in the URL, PGPASSWORD or ~/.pgpass)</source>
        <translation>die Anmeldung bei %1 als %2 ist fehlgeschlagen: %3 (prüfen Sie das Passwort in der URL, in PGPASSWORD oder in ~/.pgpass)</translation>
    </message>
    <message>
        <source>database &quot;%1&quot; does not exist on %2</source>
        <translation>die Datenbank „%1“ existiert auf %2 nicht</translation>
    </message>
    <message>
        <source>cannot connect to %1: %2</source>
        <translation>keine Verbindung zu %1 möglich: %2</translation>
    </message>
</context>
<context>
    <name>ekn::SharedPlaylistActions</name>
    <message>
        <source>The shared playlist was copied to your playlists.</source>
        <translation>Die geteilte Wiedergabeliste wurde zu Ihren Wiedergabelisten kopiert.</translation>
    </message>
    <message>
        <source>The playlist could not be copied: %1</source>
        <translation>Die Wiedergabeliste konnte nicht kopiert werden: %1</translation>
    </message>
    <message>
        <source>Link copied: %1</source>
        <translation>Link kopiert: %1</translation>
    </message>
    <message>
        <source>Smart Playlist</source>
        <translation>Intelligente Wiedergabeliste</translation>
    </message>
    <message>
        <source>Publishing “%1”...</source>
        <translation>„%1“ wird veröffentlicht...</translation>
    </message>
    <message>
        <source>Unpublishing “%1”...</source>
        <translation>Veröffentlichung von „%1“ wird beendet...</translation>
    </message>
    <message>
        <source>Could not publish “%1”: %2</source>
        <translation>„%1“ konnte nicht veröffentlicht werden: %2</translation>
    </message>
    <message>
        <source>Could not unpublish “%1”: %2</source>
        <translation>Die Veröffentlichung von „%1“ konnte nicht beendet werden: %2</translation>
    </message>
    <message>
        <source>Published “%1”: the link is on the clipboard (%2).</source>
        <translation>„%1“ veröffentlicht: der Link ist in der Zwischenablage (%2).</translation>
    </message>
    <message>
        <source>“%1” is no longer published: its link stops working.</source>
        <translation>„%1“ ist nicht mehr veröffentlicht: sein Link funktioniert nicht mehr.</translation>
    </message>
    <message>
        <source>Open Shared Playlist</source>
        <translation>Geteilte Wiedergabeliste öffnen</translation>
    </message>
    <message>
        <source>Link or id of a playlist someone published:</source>
        <translation>Link oder ID einer veröffentlichten Wiedergabeliste:</translation>
    </message>
    <message>
        <source>Opening the shared playlist...</source>
        <translation>Die geteilte Wiedergabeliste wird geöffnet...</translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation>%1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Could not open %1:
%2</source>
        <translation>%1 konnte nicht geöffnet werden:
%2</translation>
    </message>
</context>
<context>
    <name>ekn::SharedPlaylistDialog</name>
    <message>
        <source>Yes (same audio)</source>
        <translation>Ja (dieselbe Aufnahme)</translation>
    </message>
    <message>
        <source>Yes (same title and artist)</source>
        <translation>Ja (gleicher Titel und Interpret)</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>Fehlt</translation>
    </message>
    <message>
        <source>&amp;Copy to My Playlists</source>
        <translation>In meine Wiedergabelisten &amp;kopieren</translation>
    </message>
    <message>
        <source>Shared Playlist — %1</source>
        <translation>Geteilte Wiedergabeliste — %1</translation>
    </message>
    <message>
        <source>“%1”: all %2 tracks are in your library.</source>
        <translation>„%1“: alle %2 Titel sind in Ihrer Bibliothek.</translation>
    </message>
    <message>
        <source>“%1”: %2 of %3 tracks are in your library; %4 missing (marked below).</source>
        <translation>„%1“: %2 von %3 Titeln sind in Ihrer Bibliothek; %4 fehlen (unten markiert).</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Artist</source>
        <translation>Interpret</translation>
    </message>
    <message>
        <source>Album</source>
        <translation>Album</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Länge</translation>
    </message>
    <message>
        <source>In Your Library</source>
        <translation>In Ihrer Bibliothek</translation>
    </message>
    <message>
        <source>A new playlist in your account with the tracks you have, in this order</source>
        <translation>Eine neue Wiedergabeliste in Ihrem Konto mit den Titeln, die Sie haben, in dieser Reihenfolge</translation>
    </message>
    <message>
        <source>The playlist could not be copied: %1</source>
        <translation>Die Wiedergabeliste konnte nicht kopiert werden: %1</translation>
    </message>
    <message>
        <source>Copied to your playlists as “%1”.</source>
        <translation>Als „%1“ zu Ihren Wiedergabelisten kopiert.</translation>
    </message>
</context>
<context>
    <name>ekn::SharedPlaylists</name>
    <message>
        <source>this server does not offer shared playlists yet: it needs an update (migration 017)</source>
        <translation>dieser Server bietet noch keine geteilten Wiedergabelisten an: er braucht ein Update (Migration 017)</translation>
    </message>
    <message>
        <source>no playlist with id %1</source>
        <translation>keine Wiedergabeliste mit der ID %1</translation>
    </message>
    <message>
        <source>a smart playlist cannot be published: its tracks are worked out on each device from its rule. Publish a copy of its current tracks instead</source>
        <translation>eine intelligente Wiedergabeliste kann nicht veröffentlicht werden: ihre Titel werden auf jedem Gerät aus ihrer Regel ermittelt. Veröffentlichen Sie stattdessen eine Kopie ihrer aktuellen Titel</translation>
    </message>
    <message>
        <source>%1 is not a playlist link: a link looks like eknmusic://playlist/&lt;id&gt;, or give the id alone</source>
        <translation>%1 ist kein Link zu einer Wiedergabeliste: ein Link sieht aus wie eknmusic://playlist/&lt;id&gt;, oder geben Sie nur die ID an</translation>
    </message>
    <message>
        <source>cannot copy the playlist: %1</source>
        <translation>die Wiedergabeliste kann nicht kopiert werden: %1</translation>
    </message>
    <message>
        <source>%1 of %2 tracks were added</source>
        <translation>%1 von %2 Titeln wurden hinzugefügt</translation>
    </message>
</context>
<context>
    <name>ekn::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Track list</source>
        <translation>Titelliste</translation>
    </message>
    <message>
        <source>Play the selected track</source>
        <translation>Ausgewählten Titel abspielen</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Move to the next part of the window</source>
        <translation>Zum nächsten Teil des Fensters wechseln</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
</context>
<context>
    <name>ekn::Sidebar</name>
    <message>
        <source>Library sections</source>
        <translation>Bereiche der Bibliothek</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Bibliothek</translation>
    </message>
    <message>
        <source>Artists</source>
        <translation>Interpreten</translation>
    </message>
    <message>
        <source>Albums</source>
        <translation>Alben</translation>
    </message>
    <message>
        <source>Genres</source>
        <translation>Genres</translation>
    </message>
    <message>
        <source>Playlists</source>
        <translation>Wiedergabelisten</translation>
    </message>
    <message>
        <source>Not on this device</source>
        <translation>Nicht auf diesem Gerät</translation>
    </message>
    <message>
        <source>Library (%1)</source>
        <translation>Bibliothek (%1)</translation>
    </message>
    <message>
        <source>Tracks: %1</source>
        <translation>Titel: %1</translation>
    </message>
    <message>
        <source>Deleted playlists</source>
        <translation>Gelöschte Wiedergabelisten</translation>
    </message>
    <message>
        <source>Right-click a deleted playlist to restore it</source>
        <translation>Klicken Sie mit der rechten Maustaste auf eine gelöschte Wiedergabeliste, um sie wiederherzustellen</translation>
    </message>
    <message>
        <source>Not on this device (%1)</source>
        <translation>Nicht auf diesem Gerät (%1)</translation>
    </message>
    <message>
        <source>Unknown Artist</source>
        <translation>Unbekannter Interpret</translation>
    </message>
    <message>
        <source>Restore Playlist</source>
        <translation>Wiedergabeliste wiederherstellen</translation>
    </message>
    <message>
        <source>Rename...</source>
        <translation>Umbenennen...</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>Exportieren...</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>New Playlist...</source>
        <translation>Neue Wiedergabeliste...</translation>
    </message>
    <message>
        <source>Import Playlist...</source>
        <translation>Wiedergabeliste importieren...</translation>
    </message>
    <message>
        <source>Tracks whose files are not here: synced from another device, or not found by the last scan</source>
        <translation>Titel, deren Dateien nicht hier sind: von einem anderen Gerät synchronisiert oder beim letzten Einlesen nicht gefunden</translation>
    </message>
    <message>
        <source>Smart playlist: %1</source>
        <translation>Intelligente Wiedergabeliste: %1</translation>
    </message>
    <message>
        <source>every track</source>
        <translation>alle Titel</translation>
    </message>
    <message>
        <source>Published: anyone with its link can see it</source>
        <translation>Veröffentlicht: jeder mit dem Link kann sie sehen</translation>
    </message>
    <message>
        <source>Edit Smart Playlist...</source>
        <translation>Intelligente Wiedergabeliste bearbeiten...</translation>
    </message>
    <message>
        <source>Copy Link</source>
        <translation>Link kopieren</translation>
    </message>
    <message>
        <source>Unpublish</source>
        <translation>Veröffentlichung beenden</translation>
    </message>
    <message>
        <source>Publish and Copy Link</source>
        <translation>Veröffentlichen und Link kopieren</translation>
    </message>
</context>
<context>
    <name>ekn::SignInDialog</name>
    <message>
        <source>optional: postgresql://login@standby-host/database</source>
        <translation>optional: postgresql://login@standby-host/datenbank</translation>
    </message>
    <message>
        <source>A read-only standby of the account server, if your administrator runs one: syncs read other devices&apos; changes there and send yours to the account server. Leave it empty to use the account server alone.</source>
        <translation>Ein schreibgeschützter Standby-Server des Kontoservers, falls Ihre Verwaltung einen betreibt: Synchronisierungen lesen die Änderungen anderer Geräte dort und senden Ihre an den Kontoserver. Leer lassen, um nur den Kontoserver zu verwenden.</translation>
    </message>
    <message>
        <source>&amp;Read server</source>
        <translation>&amp;Leseserver</translation>
    </message>
    <message>
        <source>The read server address is not usable: %1</source>
        <translation>Die Adresse des Leseservers ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Sign In to EKNMusic</source>
        <translation>Bei EKNMusic anmelden</translation>
    </message>
    <message>
        <source>Sign In</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Create Account</source>
        <translation>Konto erstellen</translation>
    </message>
    <message>
        <source>you@example.com</source>
        <translation>name@beispiel.de</translation>
    </message>
    <message>
        <source>&amp;Email</source>
        <translation>&amp;E-Mail</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Passwort</translation>
    </message>
    <message>
        <source>the app&apos;s database login</source>
        <translation>Datenbank-Login der Anwendung</translation>
    </message>
    <message>
        <source>Prefer</source>
        <translation>Bevorzugen</translation>
    </message>
    <message>
        <source>Require</source>
        <translation>Erzwingen</translation>
    </message>
    <message>
        <source>Verify certificate</source>
        <translation>Zertifikat prüfen</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Deaktivieren</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>Login password</source>
        <translation>Login-Passwort</translation>
    </message>
    <message>
        <source>SSL</source>
        <translation>SSL</translation>
    </message>
    <message>
        <source>Enter the email address of your account.</source>
        <translation>Geben Sie die E-Mail-Adresse Ihres Kontos ein.</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>Geben Sie Ihr Passwort ein.</translation>
    </message>
    <message>
        <source>The system keychain is not available, so you will have to sign in again next time (%1).</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar, daher müssen Sie sich beim nächsten Mal erneut anmelden (%1).</translation>
    </message>
    <message>
        <source>Wrong email or password.</source>
        <translation>Falsche E-Mail-Adresse oder falsches Passwort.</translation>
    </message>
    <message>
        <source>Too many failed sign-ins. Try again in %1 seconds.</source>
        <translation>Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in %1 Sekunden erneut.</translation>
    </message>
    <message>
        <source>An account with this email already exists. Sign in instead?</source>
        <translation>Es gibt bereits ein Konto mit dieser E-Mail-Adresse. Möchten Sie sich stattdessen anmelden?</translation>
    </message>
    <message>
        <source>That is not a valid email address.</source>
        <translation>Das ist keine gültige E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>The name must be 1 to 100 characters.</source>
        <translation>Der Name muss 1 bis 100 Zeichen lang sein.</translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation>Das Passwort muss mindestens 8 Zeichen lang sein.</translation>
    </message>
    <message>
        <source>The password is too long (at most 72 bytes).</source>
        <translation>Das Passwort ist zu lang (höchstens 72 Byte).</translation>
    </message>
    <message>
        <source>Cannot reach the server: %1</source>
        <translation>Der Server ist nicht erreichbar: %1</translation>
    </message>
    <message>
        <source>Signed in, but the system keychain refused to keep the session: %1</source>
        <translation>Angemeldet, aber der Schlüsselbund des Systems konnte die Sitzung nicht speichern: %1</translation>
    </message>
    <message>
        <source>The server refused the request: %1</source>
        <translation>Der Server hat die Anfrage abgelehnt: %1</translation>
    </message>
    <message>
        <source>Connecting...</source>
        <translation>Verbindung wird hergestellt...</translation>
    </message>
    <message>
        <source>Connected.</source>
        <translation>Verbunden.</translation>
    </message>
    <message>
        <source>Cannot connect: %1</source>
        <translation>Keine Verbindung möglich: %1</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
    <message>
        <source>Account &amp;server</source>
        <translation>Konto&amp;server</translation>
    </message>
    <message>
        <source>The address your server&apos;s administrator gave you, as the command line takes it: postgresql://login@host:port/database</source>
        <translation>Die Adresse, die Sie von der Verwaltung Ihres Servers erhalten haben, so wie die Befehlszeile sie annimmt: postgresql://login@host:port/datenbank</translation>
    </message>
    <message>
        <source>The account server address is not usable: %1</source>
        <translation>Die Adresse des Kontoservers ist nicht verwendbar: %1</translation>
    </message>
</context>
<context>
    <name>ekn::SingleInstance</name>
    <message>
        <source>cannot create %1</source>
        <translation>%1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>the running EKNMusic did not answer</source>
        <translation>das laufende EKNMusic hat nicht geantwortet</translation>
    </message>
</context>
<context>
    <name>ekn::SmartPlaylist</name>
    <message>
        <source>cannot work out the smart playlist: %1</source>
        <translation>die intelligente Wiedergabeliste kann nicht ermittelt werden: %1</translation>
    </message>
</context>
<context>
    <name>ekn::SmartPlaylistDialog</name>
    <message>
        <source>Library order</source>
        <translation>Reihenfolge der Bibliothek</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Artist</source>
        <translation>Interpret</translation>
    </message>
    <message>
        <source>Album</source>
        <translation>Album</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Jahr</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Länge</translation>
    </message>
    <message>
        <source>Date added</source>
        <translation>Hinzugefügt am</translation>
    </message>
    <message>
        <source>Last played</source>
        <translation>Zuletzt gespielt</translation>
    </message>
    <message>
        <source>Play count</source>
        <translation>Wiedergaben</translation>
    </message>
    <message>
        <source>Skip count</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>Zufällig</translation>
    </message>
    <message>
        <source>&amp;Descending</source>
        <translation>&amp;Absteigend</translation>
    </message>
    <message>
        <source>Smart Playlist</source>
        <translation>Intelligente Wiedergabeliste</translation>
    </message>
    <message>
        <source>e.g. genre:jazz rating:&gt;=4 played:&lt;30d</source>
        <translation>z. B. genre:jazz rating:&gt;=4 played:&lt;30d</translation>
    </message>
    <message>
        <source>The search box&apos;s words and fields, plus rating:&gt;=4 (stars), plays:&gt;10, skipped:&gt;3, played:&lt;30d and added:&lt;7d (h, d, w, m, y).</source>
        <translation>Die Wörter und Felder des Suchfelds, dazu rating:&gt;=4 (Sterne), plays:&gt;10, skipped:&gt;3, played:&lt;30d und added:&lt;7d (h, d, w, m, y).</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Keine Begrenzung</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Suche:</translation>
    </message>
    <message>
        <source>&amp;Order:</source>
        <translation>S&amp;ortierung:</translation>
    </message>
    <message>
        <source>&amp;Limit:</source>
        <translation>&amp;Begrenzung:</translation>
    </message>
    <message>
        <source>A playlist needs a name.</source>
        <translation>Eine Wiedergabeliste braucht einen Namen.</translation>
    </message>
</context>
<context>
    <name>ekn::SmartRule</name>
    <message>
        <source>%1 is not an order a smart playlist knows (%2)</source>
        <translation>%1 ist keine Sortierung, die eine intelligente Wiedergabeliste kennt (%2)</translation>
    </message>
    <message>
        <source>a smart playlist&apos;s limit is a number from 0 (no limit) to %1, not %2</source>
        <translation>die Begrenzung einer intelligenten Wiedergabeliste ist eine Zahl von 0 (keine Begrenzung) bis %1, nicht %2</translation>
    </message>
</context>
<context>
    <name>ekn::StatusArea</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the import; what was read so far stays in the library</source>
        <translation>Import abbrechen; was bisher eingelesen wurde, bleibt in der Bibliothek</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>Wird abgebrochen...</translation>
    </message>
    <message>
        <source>Local library — not signed in</source>
        <translation>Lokale Bibliothek — nicht angemeldet</translation>
    </message>
    <message>
        <source>Importing...</source>
        <translation>Wird importiert...</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation>%1 wird importiert</translation>
    </message>
    <message>
        <source>Unreadable files: %1</source>
        <translation>Nicht lesbare Dateien: %1</translation>
    </message>
    <message>
        <source>Show which files and why</source>
        <translation>Anzeigen, welche Dateien betroffen sind und warum</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>Letzter Fehler: %1</translation>
    </message>
    <message>
        <source>%1 — click for sync details and conflicts</source>
        <translation>%1 — klicken für Details zur Synchronisierung und zu Konflikten</translation>
    </message>
</context>
<context>
    <name>ekn::SyncController</name>
    <message>
        <source>Signed in as %1. Everything is synced; changes were read from the read server.</source>
        <translation>Angemeldet als %1. Alles ist synchronisiert; Änderungen wurden vom Leseserver gelesen.</translation>
    </message>
    <message>
        <source>&amp;Sign In...</source>
        <translation>&amp;Anmelden...</translation>
    </message>
    <message>
        <source>Sign &amp;Out</source>
        <translation>Ab&amp;melden</translation>
    </message>
    <message>
        <source>Sync &amp;Now</source>
        <translation>&amp;Jetzt synchronisieren</translation>
    </message>
    <message>
        <source>Sync &amp;Conflicts...</source>
        <translation>Synchronisierungs&amp;konflikte...</translation>
    </message>
    <message>
        <source>Sign-out did not reach the server: %1</source>
        <translation>Die Abmeldung hat den Server nicht erreicht: %1</translation>
    </message>
    <message>
        <source>Local library — not signed in</source>
        <translation>Lokale Bibliothek — nicht angemeldet</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>Angemeldet als %1</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Syncing (%1 of %2)</source>
        <translation>Synchronisierung (%1 von %2)</translation>
    </message>
    <message>
        <source>Syncing...</source>
        <translation>Wird synchronisiert...</translation>
    </message>
    <message>
        <source>Synced at %1</source>
        <translation>Synchronisiert um %1</translation>
    </message>
    <message>
        <source>Sync error: %1</source>
        <translation>Synchronisierungsfehler: %1</translation>
    </message>
    <message>
        <source>Last synced %1.</source>
        <translation>Zuletzt synchronisiert: %1.</translation>
    </message>
    <message>
        <source>Not synced yet.</source>
        <translation>Noch nicht synchronisiert.</translation>
    </message>
    <message>
        <source>%1.
%2 Your changes are kept and sync when the server is back.</source>
        <translation>%1.
%2 Ihre Änderungen bleiben erhalten und werden synchronisiert, sobald der Server wieder erreichbar ist.</translation>
    </message>
    <message>
        <source>%1.
%2</source>
        <translation>%1.
%2</translation>
    </message>
    <message>
        <source>Signed in as %1. Everything is synced.</source>
        <translation>Angemeldet als %1. Alles ist synchronisiert.</translation>
    </message>
    <message>
        <source>Signed in as %1. %2</source>
        <translation>Angemeldet als %1. %2</translation>
    </message>
    <message>
        <source>A value was changed here and on another device; the one that lost is in Edit &gt; Sync Conflicts.</source>
        <translation>Ein Wert wurde hier und auf einem anderen Gerät geändert; der unterlegene Wert steht unter Bearbeiten &gt; Synchronisierungskonflikte.</translation>
    </message>
    <message>
        <source>%1 values were changed here and on another device; the ones that lost are in Edit &gt; Sync Conflicts.</source>
        <translation>%1 Werte wurden hier und auf einem anderen Gerät geändert; die unterlegenen Werte stehen unter Bearbeiten &gt; Synchronisierungskonflikte.</translation>
    </message>
    <message>
        <source>Could not restore the value: %1</source>
        <translation>Der Wert konnte nicht wiederhergestellt werden: %1</translation>
    </message>
    <message>
        <source>Value restored; it syncs to your other devices.</source>
        <translation>Wert wiederhergestellt; er wird mit Ihren anderen Geräten synchronisiert.</translation>
    </message>
    <message>
        <source>Sign in first (File &gt; Sign In...): sync needs an account.</source>
        <translation>Melden Sie sich zuerst an (Datei &gt; Anmelden...): Synchronisieren braucht ein Konto.</translation>
    </message>
    <message>
        <source>Send and fetch changes now</source>
        <translation>Änderungen jetzt senden und abholen</translation>
    </message>
    <message>
        <source>Changes that lost against another device&apos;s</source>
        <translation>Änderungen, die gegen die eines anderen Geräts verloren haben</translation>
    </message>
    <message>
        <source>Sign in first (File &gt; Sign In...): shared playlists need an account.</source>
        <translation>Melden Sie sich zuerst an (Datei &gt; Anmelden...): geteilte Wiedergabelisten brauchen ein Konto.</translation>
    </message>
    <message>
        <source>Could not read the sync conflicts: %1</source>
        <translation>Die Synchronisierungskonflikte konnten nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>ekn::SyncEngine</name>
    <message>
        <source>no network</source>
        <translation>kein Netzwerk</translation>
    </message>
</context>
<context>
    <name>ekn::SyncPush</name>
    <message>
        <source>cannot read this library&apos;s changes to send: %1</source>
        <translation>die zu sendenden Änderungen dieser Bibliothek können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>deleted on this device but restored on another: this device&apos;s delete was synced later and wins (restore it to get it back)</source>
        <translation>auf diesem Gerät gelöscht, auf einem anderen aber wiederhergestellt: das Löschen dieses Geräts wurde später synchronisiert und gilt (stellen Sie den Eintrag wieder her, um ihn zurückzubekommen)</translation>
    </message>
    <message>
        <source>edited or restored on this device but deleted on another: the delete wins; the edit is kept on the deleted row (restore it to get it back)</source>
        <translation>auf diesem Gerät bearbeitet oder wiederhergestellt, auf einem anderen aber gelöscht: das Löschen gilt; die Bearbeitung bleibt am gelöschten Eintrag erhalten (stellen Sie ihn wieder her, um sie zurückzubekommen)</translation>
    </message>
    <message>
        <source>the playlist was reordered on this device and on another: this device&apos;s order was synced later and wins (tracks added or removed elsewhere were merged)</source>
        <translation>die Wiedergabeliste wurde auf diesem und auf einem anderen Gerät umsortiert: die Reihenfolge dieses Geräts wurde später synchronisiert und gilt (anderswo hinzugefügte oder entfernte Titel wurden übernommen)</translation>
    </message>
    <message>
        <source>changed on this device and on another since the last sync: this device&apos;s value was synced later and wins</source>
        <translation>seit der letzten Synchronisierung auf diesem und auf einem anderen Gerät geändert: der Wert dieses Geräts wurde später synchronisiert und gilt</translation>
    </message>
    <message>
        <source>the server refused this change, which stays on this device only until it is sent again: %1</source>
        <translation>der Server hat diese Änderung abgelehnt; sie bleibt nur auf diesem Gerät, bis sie erneut gesendet wird: %1</translation>
    </message>
</context>
<context>
    <name>ekn::Synchronizer</name>
    <message>
        <source>not signed in: sign in to sync this library</source>
        <translation>nicht angemeldet: melden Sie sich an, um diese Bibliothek zu synchronisieren</translation>
    </message>
    <message>
        <source>cannot write the library&apos;s sync state</source>
        <translation>der Synchronisierungsstand der Bibliothek kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>this library belongs to another account (%1); sign in as that account, or use another library folder (--data-dir) for %2</source>
        <translation>diese Bibliothek gehört zu einem anderen Konto (%1); melden Sie sich mit diesem Konto an oder verwenden Sie für %2 einen anderen Bibliotheksordner (--data-dir)</translation>
    </message>
    <message>
        <source>this library syncs with %1, not %2</source>
        <translation>diese Bibliothek wird mit %1 synchronisiert, nicht mit %2</translation>
    </message>
    <message>
        <source>cannot link files to synced tracks</source>
        <translation>Dateien können nicht mit synchronisierten Titeln verknüpft werden</translation>
    </message>
    <message>
        <source>cannot save the sync cursor</source>
        <translation>die Synchronisierungsposition kann nicht gespeichert werden</translation>
    </message>
    <message>
        <source>cannot read the library&apos;s sync state (%1): %2</source>
        <translation>der Synchronisierungsstand der Bibliothek (%1) kann nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>ekn::TagEditorDialog</name>
    <message>
        <source>Also write the changes into the files</source>
        <translation>Änderungen auch in die Dateien schreiben</translation>
    </message>
    <message>
        <source>Edit Tags — %1</source>
        <translation>Tags bearbeiten — %1</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Titel</translation>
    </message>
    <message>
        <source>&amp;Artist</source>
        <translation>&amp;Interpret</translation>
    </message>
    <message>
        <source>Al&amp;bum</source>
        <translation>Al&amp;bum</translation>
    </message>
    <message>
        <source>Album a&amp;rtist</source>
        <translation>Albuminte&amp;rpret</translation>
    </message>
    <message>
        <source>&amp;Genre</source>
        <translation>&amp;Genre</translation>
    </message>
    <message>
        <source>&amp;Year</source>
        <translation>&amp;Jahr</translation>
    </message>
    <message>
        <source>Trac&amp;k</source>
        <translation>Titel&amp;nummer</translation>
    </message>
    <message>
        <source>of</source>
        <translation>von</translation>
    </message>
    <message>
        <source>&amp;Disc</source>
        <translation>&amp;CD</translation>
    </message>
    <message>
        <source>C&amp;omposer</source>
        <translation>&amp;Komponist</translation>
    </message>
    <message>
        <source>Co&amp;mment</source>
        <translation>Ko&amp;mmentar</translation>
    </message>
    <message>
        <source>%1 · %2 kbps · %3</source>
        <translation>%1 · %2 kbit/s · %3</translation>
    </message>
    <message>
        <source>Only the fields you changed are written; nothing else in the files is touched.</source>
        <translation>Nur die geänderten Felder werden geschrieben; alles andere in den Dateien bleibt unberührt.</translation>
    </message>
    <message>
        <source>(mixed)</source>
        <translation>(gemischt)</translation>
    </message>
    <message>
        <source>(different values)</source>
        <translation>(verschiedene Werte)</translation>
    </message>
    <message>
        <source>The selected tracks have different values here; type to set one for all.</source>
        <translation>Die ausgewählten Titel haben hier verschiedene Werte; geben Sie einen ein, um ihn für alle festzulegen.</translation>
    </message>
    <message>
        <source>A track needs a title.</source>
        <translation>Der Titel darf nicht leer sein.</translation>
    </message>
    <message>
        <source>The year must be a number such as 1997.</source>
        <translation>Das Jahr muss eine Zahl sein, zum Beispiel 1997.</translation>
    </message>
    <message>
        <source>Must be a whole number from 1 up.</source>
        <translation>Muss eine ganze Zahl ab 1 sein.</translation>
    </message>
    <message>
        <source>Track %1 cannot be past the total of %2.</source>
        <translation>Titelnummer %1 darf nicht größer als die Gesamtzahl %2 sein.</translation>
    </message>
    <message numerus="yes">
        <source>Edit Tags — %n Track(s)</source>
        <translation>
            <numerusform>Tags bearbeiten — %n Titel</numerusform>
            <numerusform>Tags bearbeiten — %n Titel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n track(s) selected. Fields showing “(different values)” stay as they are unless you type over them.</source>
        <translation>
            <numerusform>%n Titel ausgewählt. Felder mit „(verschiedene Werte)“ bleiben unverändert, solange Sie nichts hineinschreiben.</numerusform>
            <numerusform>%n Titel ausgewählt. Felder mit „(verschiedene Werte)“ bleiben unverändert, solange Sie nichts hineinschreiben.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rat&amp;ing</source>
        <translation>Be&amp;wertung</translation>
    </message>
    <message>
        <source>Stars from 0 to 5, half stars like 3.5; empty for no rating.</source>
        <translation>Sterne von 0 bis 5, halbe Sterne wie 3,5; leer für keine Bewertung.</translation>
    </message>
    <message>
        <source>A rating is 0 to 5 stars, half stars like 3.5.</source>
        <translation>Eine Bewertung hat 0 bis 5 Sterne, halbe Sterne wie 3,5.</translation>
    </message>
</context>
<context>
    <name>ekn::TagReader</name>
    <message>
        <source>file not found</source>
        <translation>Datei nicht gefunden</translation>
    </message>
    <message>
        <source>empty file (0 bytes)</source>
        <translation>leere Datei (0 Byte)</translation>
    </message>
    <message>
        <source>cannot open the file: %1</source>
        <translation>die Datei kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>not a valid %1 file (damaged, truncated or another format)</source>
        <translation>keine gültige %1-Datei (beschädigt, abgeschnitten oder ein anderes Format)</translation>
    </message>
    <message>
        <source>no audio stream found (damaged, or not really a .%1 file)</source>
        <translation>keine Audiospur gefunden (beschädigt oder keine echte .%1-Datei)</translation>
    </message>
    <message>
        <source>TagLib failed: %1</source>
        <translation>Fehler in TagLib: %1</translation>
    </message>
    <message>
        <source>TagLib failed on this file</source>
        <translation>TagLib konnte diese Datei nicht verarbeiten</translation>
    </message>
</context>
<context>
    <name>ekn::TagWriter</name>
    <message>
        <source>file not found</source>
        <translation>Datei nicht gefunden</translation>
    </message>
    <message>
        <source>the file is read-only</source>
        <translation>die Datei ist schreibgeschützt</translation>
    </message>
    <message>
        <source>not an audio file TagLib can write</source>
        <translation>keine Audiodatei, die TagLib schreiben kann</translation>
    </message>
    <message>
        <source>this file&apos;s tag format has no field %1</source>
        <translation>das Tag-Format dieser Datei hat kein Feld %1</translation>
    </message>
    <message>
        <source>TagLib could not save the file</source>
        <translation>TagLib konnte die Datei nicht speichern</translation>
    </message>
    <message>
        <source>a rating is 0 to 10 half stars, not %1</source>
        <translation>eine Bewertung hat 0 bis 10 halbe Sterne, nicht %1</translation>
    </message>
</context>
<context>
    <name>ekn::TokenStore</name>
    <message>
        <source>the keychain did not answer within 30 seconds</source>
        <translation>der Schlüsselbund hat nicht innerhalb von 30 Sekunden geantwortet</translation>
    </message>
    <message>
        <source>the keychain refused</source>
        <translation>der Schlüsselbund hat abgelehnt</translation>
    </message>
</context>
<context>
    <name>ekn::TrackMatcher</name>
    <message>
        <source>cannot read the library: %1</source>
        <translation>die Mediathek kann nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>ekn::TrackMerger</name>
    <message>
        <source>cannot merge duplicate tracks: %1</source>
        <translation>doppelte Titel können nicht zusammengeführt werden: %1</translation>
    </message>
    <message>
        <source>no track with id %1</source>
        <translation>kein Titel mit der ID %1</translation>
    </message>
    <message>
        <source>deleted on another device, but its music was added on this one afterwards: the track is back (restore this entry to delete it again)</source>
        <translation>auf einem anderen Gerät gelöscht, seine Musik wurde aber danach auf diesem hinzugefügt: der Titel ist zurück (stellen Sie diesen Eintrag wieder her, um ihn erneut zu löschen)</translation>
    </message>
    <message>
        <source>restored on this device but deleted on another: the delete wins (restore this entry to get the track back)</source>
        <translation>auf diesem Gerät wiederhergestellt, aber auf einem anderen gelöscht: das Löschen gewinnt (stellen Sie diesen Eintrag wieder her, um den Titel zurückzuholen)</translation>
    </message>
</context>
<context>
    <name>ekn::TrackModel</name>
    <message>
        <source>%1 kbps</source>
        <translation>%1 kbit/s</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Artist</source>
        <translation>Interpret</translation>
    </message>
    <message>
        <source>Album</source>
        <translation>Album</translation>
    </message>
    <message>
        <source>Album Artist</source>
        <translation>Albuminterpret</translation>
    </message>
    <message>
        <source>#</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Disc</source>
        <translation>CD</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Jahr</translation>
    </message>
    <message>
        <source>Genre</source>
        <translation>Genre</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Bitrate</source>
        <translation>Bitrate</translation>
    </message>
    <message>
        <source>Composer</source>
        <translation>Komponist</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Track number</source>
        <translation>Titelnummer</translation>
    </message>
    <message>
        <source>%1 — not on this device</source>
        <translation>%1 — nicht auf diesem Gerät</translation>
    </message>
    <message>
        <source>Not rated</source>
        <translation>Nicht bewertet</translation>
    </message>
    <message>
        <source>%L1 of 5 stars</source>
        <translation>%L1 von 5 Sternen</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>Plays</source>
        <translation>Wiedergaben</translation>
    </message>
    <message>
        <source>Skips</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>Last Played</source>
        <translation>Zuletzt gespielt</translation>
    </message>
</context>
<context>
    <name>ekn::TrackStore</name>
    <message>
        <source>a track title cannot be empty</source>
        <translation>der Titel darf nicht leer sein</translation>
    </message>
    <message>
        <source>no track with id %1</source>
        <translation>kein Titel mit der ID %1</translation>
    </message>
    <message>
        <source>title</source>
        <translation>der Titel</translation>
    </message>
    <message>
        <source>artist</source>
        <translation>der Künstler</translation>
    </message>
    <message>
        <source>album</source>
        <translation>das Album</translation>
    </message>
    <message>
        <source>album artist</source>
        <translation>der Albumkünstler</translation>
    </message>
    <message>
        <source>genre</source>
        <translation>das Genre</translation>
    </message>
    <message>
        <source>composer</source>
        <translation>der Komponist</translation>
    </message>
    <message>
        <source>the %1 can have at most %2 characters (this one has %3)</source>
        <translation>%1 darf höchstens %2 Zeichen haben (hier sind es %3)</translation>
    </message>
    <message>
        <source>the %1 cannot contain line breaks or control characters</source>
        <translation>%1 darf keine Zeilenumbrüche oder Steuerzeichen enthalten</translation>
    </message>
    <message>
        <source>a rating is 0 to 5 stars in half stars, not %1</source>
        <translation>eine Bewertung hat 0 bis 5 Sterne in halben Sternen, nicht %1</translation>
    </message>
    <message>
        <source>a rating is 0 to 5 stars in half stars (like 3.5) or &quot;none&quot;, not &quot;%1&quot;</source>
        <translation>eine Bewertung hat 0 bis 5 Sterne in halben Sternen (wie 3.5) oder &quot;none&quot;, nicht &quot;%1&quot;</translation>
    </message>
    <message>
        <source>rating</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>cannot read the library&apos;s folders: %1</source>
        <translation>die Ordner der Bibliothek können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>cannot read the library&apos;s tracks: %1</source>
        <translation>die Titel der Bibliothek können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>cannot search the library: %1</source>
        <translation>die Bibliothek kann nicht durchsucht werden: %1</translation>
    </message>
    <message>
        <source>cannot read the list of files that could not be read: %1</source>
        <translation>die Liste der nicht lesbaren Dateien kann nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>ekn::TrackView</name>
    <message>
        <source>Tracks</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>No tracks match “%1”.</source>
        <translation>Keine Titel passen zu „%1“.</translation>
    </message>
    <message>
        <source>Words match the start of titles, artists, albums and genres. Narrow a search with artist:, album:, album_artist:, genre:, title:, year:2001 or year:1990-1999, and by how you listen with rating:&gt;=4, plays:&gt;10, skipped:&gt;2, played:&lt;30d or added:&lt;7d; put &quot;quotes&quot; around a phrase.</source>
        <translation>Wörter passen auf den Anfang von Titeln, Interpreten, Alben und Genres. Grenzen Sie eine Suche mit artist:, album:, album_artist:, genre:, title:, year:2001 oder year:1990-1999 ein, und nach Ihrem Hören mit rating:&gt;=4, plays:&gt;10, skipped:&gt;2, played:&lt;30d oder added:&lt;7d; setzen Sie eine Wortgruppe in &quot;Anführungszeichen&quot;.</translation>
    </message>
    <message>
        <source>The list could not be read, so it is not shown. Nothing in the library was changed. Choose the view again to retry; if it keeps failing, the library file may be damaged.</source>
        <translation>Die Liste konnte nicht gelesen werden und wird daher nicht angezeigt. An der Bibliothek wurde nichts geändert. Wählen Sie die Ansicht erneut, um es noch einmal zu versuchen; schlägt es weiter fehl, ist die Bibliotheksdatei vielleicht beschädigt.</translation>
    </message>
</context>
<context>
    <name>ekn::TrackWriter</name>
    <message>
        <source>cannot read the library&apos;s files: %1</source>
        <translation>die Dateien der Bibliothek können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>nothing to store: no write was begun</source>
        <translation>nichts zu speichern: es wurde kein Schreibvorgang begonnen</translation>
    </message>
</context>
<context>
    <name>ekn::ViewHeader</name>
    <message>
        <source>Search title, artist, album, genre — or artist:, album:, year: (Ctrl+F)</source>
        <translation>Titel, Interpret, Album, Genre suchen — oder artist:, album:, year: (Strg+F)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>EKNMusic music library manager</source>
        <translation>EKNMusic-Musikbibliotheksverwaltung</translation>
    </message>
    <message>
        <source>Keep the library in &lt;dir&gt; instead of the user&apos;s data folder.</source>
        <translation>Die Bibliothek in &lt;ordner&gt; statt im Datenordner des Benutzers ablegen.</translation>
    </message>
    <message>
        <source>dir</source>
        <translation>ordner</translation>
    </message>
    <message>
        <source>files</source>
        <translation>dateien</translation>
    </message>
    <message>
        <source>Audio files to play, playlists to import, folders to add (paths or file:// URIs).</source>
        <translation>Audiodateien zum Abspielen, Wiedergabelisten zum Importieren, Ordner zum Hinzufügen (Pfade oder file://-URIs).</translation>
    </message>
    <message>
        <source>[files...]</source>
        <translation>[dateien...]</translation>
    </message>
    <message>
        <source>EKNMusic is already running on %1 but did not answer (%2).</source>
        <translation>EKNMusic läuft bereits mit %1, hat aber nicht geantwortet (%2).</translation>
    </message>
    <message>
        <source>Later launches will open a second window: %1</source>
        <translation>Spätere Starts öffnen ein zweites Fenster: %1</translation>
    </message>
</context>
</TS>

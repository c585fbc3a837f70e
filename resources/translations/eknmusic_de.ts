<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ekn::EmptyState</name>
    <message>
        <source>Drop a music folder here to start your library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folders and files can be dropped anywhere on this window. EKNMusic reads their tags; your files stay where they are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Folder...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ekn::LibraryWorker</name>
    <message>
        <source>Import cancelled. Tracks added: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No audio files found in what was dropped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not imported: %1 is not a music folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import finished. New tracks: %1; files that could not be read: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import finished. New tracks: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved in the library, but one file could not be written (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved in the library, but %1 files could not be written (first: %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the changes: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes saved in the library and the files. Tracks changed: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes saved. Tracks changed: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last edit undone. Tracks restored: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the playlist: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not rename the playlist: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the playlist: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not restore the playlist: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added %1 of %2 tracks to “%3” (the others were already in it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracks added to “%1”: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reorder the playlist: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed from the playlist: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported “%1”: %2 tracks; %3 not in the library were skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported “%1”. Tracks: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That playlist no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported “%1” to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No audio files in what was dropped (files that are not music: %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An import is already running; wait for it or cancel it first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ekn::MainWindow</name>
    <message>
        <source>EKNMusic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search title, artist, album, genre — or artist:, album:, year: (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add Folder...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import Playlist...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Import Errors...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sign In...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit &amp;Tags...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove from Playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Play/Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;revious</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume &amp;Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume &amp;Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward 10 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back 10 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;laylists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Playlist...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Playlist from &amp;Selection...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About EKNMusic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The library could not be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not on this device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · best %2 matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · 1 track</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Tags...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add to Playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Playlist...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove from Playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A playlist needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracks leave the library only when their files are gone; select a playlist to remove tracks from it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the tracks to edit first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a Music Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About EKNMusic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;EKNMusic %1&lt;/h3&gt;&lt;p&gt;A music library manager: your local library, playlists and playback, synced between your desktops.&lt;/p&gt;&lt;p&gt;Built with Qt %2 and TagLib.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1 — sync is not available in this version yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-out did not reach the server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local library — not signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playlists (*.m3u8 *.m3u *.xspf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>M3U8 playlist (*.m3u8);;XSPF playlist (*.xspf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename Playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted “%1”. Ctrl+Z or right-click it under Deleted playlists to restore it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ekn::Player</name>
    <message>
        <source>Cannot play “%1”: the file is not available (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play “%1”: this format cannot be played.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play “%1”: the file cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play “%1”: access to the file was denied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play “%1”: a network error occurred.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ekn::PlayerBar</name>
    <message>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause (Space)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ekn::PlaylistFile</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a valid XSPF playlist (line %2: %3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ekn::ScanErrorsDialog</name>
    <message>
        <source>Files That Could Not Be Read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ekn::Sidebar</name>
    <message>
        <source>Library sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Artists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Albums</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Genres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playlists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not on this device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracks whose files were not found by the last scan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Library (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tracks: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted playlists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Right-click a deleted playlist to restore it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not on this device (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown Artist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore Playlist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Playlist...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Playlist...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ekn::SignInDialog</name>
    <message>
        <source>&amp;Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign In to EKNMusic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the app&apos;s database login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Require</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Login password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the email address of your account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server settings are incomplete: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain is not available, so you will have to sign in again next time (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong email or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many failed sign-ins. Try again in %1 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An account with this email already exists. Sign in instead?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is not a valid email address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name must be 1 to 100 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password needs at least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password is too long (at most 72 bytes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach the server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in, but the system keychain refused to keep the session: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the request: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot connect: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ekn::StatusArea</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the import; what was read so far stays in the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local library — not signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unreadable files: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show which files and why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ekn::TagEditorDialog</name>
    <message>
        <source>Also write the changes into the files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Tags — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit Tags — %1 Tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Artist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Al&amp;bum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Album a&amp;rtist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Genre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trac&amp;k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;omposer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;mment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 kbps · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tracks selected. Fields showing “(different values)” stay as they are unless you type over them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the fields you changed are written; nothing else in the files is touched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(mixed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(different values)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected tracks have different values here; type to set one for all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A track needs a title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The year must be a number such as 1997.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Must be a whole number from 1 up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Track %1 cannot be past the total of %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ekn::TrackModel</name>
    <message>
        <source>%1 kbps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Artist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Album</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Album Artist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Year</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Genre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bitrate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Composer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Track number</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ekn::TrackView</name>
    <message>
        <source>Tracks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>EKNMusic music library manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the library in &lt;dir&gt; instead of the user&apos;s data folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folders or files to import on start.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

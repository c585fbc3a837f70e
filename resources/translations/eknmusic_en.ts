<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>ekn::ListeningActions</name>
    <message numerus="yes">
        <source>(&amp;%n star(s))</source>
        <translation>
            <numerusform>(&amp;%n star)</numerusform>
            <numerusform>(&amp;%n stars)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ekn::TagEditorDialog</name>
    <message numerus="yes">
        <source>Edit Tags — %n Track(s)</source>
        <translation>
            <numerusform>Edit Tags — %n Track</numerusform>
            <numerusform>Edit Tags — %n Tracks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n track(s) selected. Fields showing “(different values)” stay as they are unless you type over them.</source>
        <translation>
            <numerusform>%n track selected. Fields showing “(different values)” stay as they are unless you type over them.</numerusform>
            <numerusform>%n tracks selected. Fields showing “(different values)” stay as they are unless you type over them.</numerusform>
        </translation>
    </message>
</context>
</TS>

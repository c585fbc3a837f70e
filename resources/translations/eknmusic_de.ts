<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ekn::MainWindow</name>
    <message>
        <source>EKNMusic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop a music folder here to start your library.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>EKNMusic music library manager</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

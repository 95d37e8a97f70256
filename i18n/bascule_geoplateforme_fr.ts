<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>BasculeGeoplateformePlugin</name>
    <message>
        <location filename="../plugin.py" line="47"/>
        <source>Bascule Géoplateforme</source>
        <translation>Bascule Géoplateforme</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="58"/>
        <source>Help</source>
        <translation>Aide</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="58"/>
        <source>Open the Bascule Géoplateforme documentation</source>
        <translation>Ouvrir la documentation de Bascule Géoplateforme</translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>AccessWatch</name>
    <message>
        <location filename="../core/keys/qgis_side/access_watch.py" line="103"/>
        <source>Géoplateforme: {0}.</source>
        <translation>Géoplateforme : {0}.</translation>
    </message>
    <message>
        <location filename="../core/keys/qgis_side/access_watch.py" line="106"/>
        <source>Géoplateforme ({0}): {1}.</source>
        <translation>Géoplateforme ({0}) : {1}.</translation>
    </message>
    <message>
        <location filename="../core/keys/qgis_side/access_watch.py" line="108"/>
        <source>Layer “{0}” (key “{1}”): {2}.</source>
        <translation>Couche « {0} » (clé « {1} ») : {2}.</translation>
    </message>
    <message>
        <location filename="../core/keys/qgis_side/access_watch.py" line="108"/>
        <source>none</source>
        <translation>aucune</translation>
    </message>
</context>
<context>
    <name>Adding</name>
    <message>
        <location filename="../gui/entry_actions/add_entry.py" line="58"/>
        <source>Another layer is being added: try again in a moment.</source>
        <translation>Une autre couche est en cours d'ajout : réessayez dans un instant.</translation>
    </message>
</context>
<context>
    <name>AnalyseProjectsAlgorithm</name>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="124"/>
        <source>Analyse projects</source>
        <translation>Analyser des projets</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="127"/>
        <source>Reports what the migration to the Géoplateforme would do to many QGIS projects (files, folders, projects stored in a GeoPackage or PostgreSQL), one row per layer with its file. Nothing is written.</source>
        <translation>Indique ce que la migration vers la Géoplateforme ferait à de nombreux projets QGIS (fichiers, dossiers, projets enregistrés dans un GeoPackage ou dans PostgreSQL), une ligne par couche avec son fichier. Rien n'est écrit.</translation>
    </message>
</context>
<context>
    <name>BasculeGeoplateformePlugin</name>
    <message>
        <location filename="../plugin.py" line="61"/>
        <source>Bascule Géoplateforme</source>
        <translation>Bascule Géoplateforme</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="158"/>
        <source>Help</source>
        <translation>Aide</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="158"/>
        <source>Open the Bascule Géoplateforme documentation</source>
        <translation>Ouvrir la documentation de Bascule Géoplateforme</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="136"/>
        <source>Migrate the project…</source>
        <translation>Migrer le projet…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="285"/>
        <source>Géoplateforme</source>
        <translation>Géoplateforme</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="128"/>
        <source>Géoplateforme catalogue</source>
        <translation>Catalogue de la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="128"/>
        <source>Browse, search and add the Géoplateforme layers</source>
        <translation>Parcourir, chercher et ajouter les couches de la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="132"/>
        <source>Géoplateforme downloads</source>
        <translation>Téléchargement Géoplateforme</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="132"/>
        <source>Browse the Géoplateforme download service: products, editions, files</source>
        <translation>Parcourir le service de téléchargement de la Géoplateforme : produits, éditions, fichiers</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="144"/>
        <source>My Géoplateforme keys…</source>
        <translation>Mes clés Géoplateforme…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="144"/>
        <source>Add, test and manage the keys that unlock restricted data</source>
        <translation>Ajouter, tester et gérer les clés qui ouvrent les données restreintes</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="148"/>
        <source>Key in the address for QGIS Server…</source>
        <translation>Clé dans l'adresse pour QGIS Server…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="154"/>
        <source>Key back in QGIS&apos;s authentication database</source>
        <translation>Clé remise dans la base d'authentification de QGIS</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="154"/>
        <source>Undo “Key in the address”: the layers use their auth config again</source>
        <translation>Annuler « Clé dans l'adresse » : les couches utilisent à nouveau leur configuration d'authentification</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="140"/>
        <source>Saved connections…</source>
        <translation>Connexions enregistrées…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="140"/>
        <source>Migrate the WMS/WMTS, WFS, XYZ and vector-tile connections saved in this profile to the Géoplateforme</source>
        <translation>Migrer vers la Géoplateforme les connexions WMS/WMTS, WFS, XYZ et tuiles vectorielles enregistrées dans ce profil</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="136"/>
        <source>Rewrite this project's old Géoportail sources, at wxs.ign.fr, to the Géoplateforme</source>
        <translation>Réécrire vers la Géoplateforme les anciennes sources Géoportail de ce projet, sur wxs.ign.fr</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="148"/>
        <source>Write the HASH key of the selected restricted layers into their address, for QGIS Server and Lizmap. Warning: the key is then stored in clear in the project</source>
        <translation>Écrire la clé HASH des couches à accès restreint sélectionnées dans leur adresse, pour QGIS Server et Lizmap. Attention : la clé est alors enregistrée en clair dans le projet</translation>
    </message>
</context>
<context>
    <name>BasculeProvider</name>
    <message>
        <location filename="../processing_provider/provider.py" line="21"/>
        <source>Bascule Géoplateforme</source>
        <translation>Bascule Géoplateforme</translation>
    </message>
</context>
<context>
    <name>Browser</name>
    <message>
        <location filename="../gui/browser/browser_provider.py" line="37"/>
        <source>The layers of IGN's Géoplateforme (the plugin's catalogue)</source>
        <translation>Les couches de la Géoplateforme de l'IGN (le catalogue de l'extension)</translation>
    </message>
    <message>
        <location filename="../gui/browser/browser_tree.py" line="60"/>
        <source>Restricted: needs a Géoplateforme key</source>
        <translation>Restreinte : nécessite une clé Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/browser/browser_tree.py" line="116"/>
        <source>Other layers</source>
        <translation>Autres couches</translation>
    </message>
    <message>
        <location filename="../gui/browser/browser_tree.py" line="157"/>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <location filename="../gui/browser/browser_tree.py" line="158"/>
        <source>Add with options…</source>
        <translation>Ajouter avec des options…</translation>
    </message>
    <message>
        <location filename="../gui/browser/browser_tree.py" line="160"/>
        <source>Copy data source</source>
        <translation>Copier la source de données</translation>
    </message>
    <message>
        <location filename="../gui/browser/browser_tree.py" line="162"/>
        <source>Metadata</source>
        <translation>Métadonnées</translation>
    </message>
    <message>
        <location filename="../gui/browser/browser_tree.py" line="166"/>
        <source>Add with another key…</source>
        <translation>Ajouter avec une autre clé…</translation>
    </message>
</context>
<context>
    <name>CatalogDock</name>
    <message>
        <location filename="../gui/catalog_dock/catalog_dock.py" line="75"/>
        <source>Géoplateforme catalogue</source>
        <translation>Catalogue de la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_dock.py" line="415"/>
        <source>Add to map</source>
        <translation>Ajouter à la carte</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_dock.py" line="151"/>
        <source>Refresh the catalogue</source>
        <translation>Actualiser le catalogue</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_dock.py" line="153"/>
        <source>Cancel the refresh</source>
        <translation>Annuler l'actualisation</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_dock.py" line="262"/>
        <source>Catalogue</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_status.py" line="29"/>
        <source>{0} layers</source>
        <translation>{0} couches</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_status.py" line="29"/>
        <source>{0} of {1} layers</source>
        <translation>{0} couches sur {1}</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_status.py" line="31"/>
        <source>from {0}</source>
        <translation>depuis {0}</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_status.py" line="34"/>
        <source>refreshed {0}</source>
        <translation>actualisé le {0}</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_status.py" line="36"/>
        <source>refreshing…</source>
        <translation>actualisation…</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_dock.py" line="352"/>
        <source>Style not applied</source>
        <translation>Style non appliqué</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_dock.py" line="396"/>
        <source>Filter</source>
        <translation>Filtre</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_dock.py" line="418"/>
        <source>Add with another key…</source>
        <translation>Ajouter avec une autre clé…</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_dock.py" line="421"/>
        <source>Copy data source</source>
        <translation>Copier la source de données</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_status.py" line="21"/>
        <source>the Géoplateforme</source>
        <translation>la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_status.py" line="23"/>
        <source>the cache</source>
        <translation>le cache</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_status.py" line="28"/>
        <source>the bundled snapshot</source>
        <translation>l'instantané fourni avec l'extension</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_dock.py" line="156"/>
        <source>My Géoplateforme keys</source>
        <translation>Mes clés Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_status.py" line="25"/>
        <source>the bundled snapshot of IGN documents up to {0}</source>
        <translation>l'instantané fourni avec l'extension (documents IGN jusqu'au {0})</translation>
    </message>
</context>
<context>
    <name>CatalogModel</name>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="49"/>
        <source>Layer</source>
        <translation>Couche</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="49"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="54"/>
        <source>Vector tiles</source>
        <translation>Tuiles vectorielles</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="58"/>
        <source>Administrative units</source>
        <translation>Limites administratives</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="58"/>
        <source>Addresses</source>
        <translation>Adresses</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="59"/>
        <source>Agriculture</source>
        <translation>Agriculture</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="59"/>
        <source>Elevation</source>
        <translation>Altimétrie</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="60"/>
        <source>Maps</source>
        <translation>Cartes</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="60"/>
        <source>Vector maps</source>
        <translation>Cartographie vectorielle</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="61"/>
        <source>Economy</source>
        <translation>Économie</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="62"/>
        <source>Renewable energy</source>
        <translation>Énergies renouvelables</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="62"/>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="63"/>
        <source>Forest</source>
        <translation>Forêt</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="63"/>
        <source>Geodesy</source>
        <translation>Géodésie</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="64"/>
        <source>Land cover (OCS GE)</source>
        <translation>Occupation du sol (OCS GE)</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="65"/>
        <source>Land cover (OCS GE, new generation)</source>
        <translation>Occupation du sol (OCS GE, nouvelle génération)</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="66"/>
        <source>Orthoimagery</source>
        <translation>Ortho-imagerie</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="66"/>
        <source>Historical orthoimagery</source>
        <translation>Ortho-imagerie historique</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="67"/>
        <source>Cadastral parcels</source>
        <translation>Parcelles cadastrales</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="67"/>
        <source>Satellite imagery</source>
        <translation>Imagerie satellite</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="68"/>
        <source>Soil</source>
        <translation>Sols</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="68"/>
        <source>Topography</source>
        <translation>Topographie</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="69"/>
        <source>Transport</source>
        <translation>Transports</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="102"/>
        <source>Other layers</source>
        <translation>Autres couches</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="120"/>
        <source>{0} layers</source>
        <translation>{0} couches</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="136"/>
        <source>Restricted: needs a Géoplateforme key</source>
        <translation>Restreinte : nécessite une clé Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_model.py" line="154"/>
        <source>Unlocked by your key: {0}</source>
        <translation>Ouverte par votre clé : {0}</translation>
    </message>
</context>
<context>
    <name>CatalogSearch</name>
    <message>
        <location filename="../gui/catalog_dock/catalog_search.py" line="28"/>
        <source>Search layers (title, name, keyword)…</source>
        <translation>Chercher une couche (titre, nom, mot-clé)…</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_search.py" line="38"/>
        <source>All layers</source>
        <translation>Toutes les couches</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_search.py" line="38"/>
        <source>Open data</source>
        <translation>Données libres</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_search.py" line="38"/>
        <source>Restricted (key needed)</source>
        <translation>Restreintes (clé nécessaire)</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_search.py" line="62"/>
        <source>Filters</source>
        <translation>Filtres</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/catalog_search.py" line="60"/>
        <source>Filters: {0}</source>
        <translation>Filtres : {0}</translation>
    </message>
</context>
<context>
    <name>CatalogStore</name>
    <message>
        <location filename="../core/catalog/qgis_side/catalog_store.py" line="203"/>
        <source>Ignoring the catalogue cache: {0}</source>
        <translation>Cache du catalogue ignoré : {0}</translation>
    </message>
    <message>
        <location filename="../core/catalog/qgis_side/catalog_store.py" line="489"/>
        <source>Refresh cancelled.</source>
        <translation>Actualisation annulée.</translation>
    </message>
    <message>
        <location filename="../core/catalog/qgis_side/catalog_store.py" line="494"/>
        <source>no answer</source>
        <translation>aucune réponse</translation>
    </message>
    <message>
        <location filename="../core/catalog/qgis_side/catalog_store.py" line="495"/>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <location filename="../core/catalog/qgis_side/catalog_store.py" line="496"/>
        <source>Could not reach the Géoplateforme ({0}). Showing the {1} catalogue (last refreshed: {2}).</source>
        <translation>Géoplateforme injoignable ({0}). Affichage du catalogue {1} (dernière actualisation : {2}).</translation>
    </message>
    <message>
        <location filename="../core/catalog/qgis_side/catalog_store.py" line="330"/>
        <source>Could not write the catalogue cache: {0}</source>
        <translation>Impossible d'écrire le cache du catalogue : {0}</translation>
    </message>
    <message>
        <location filename="../core/catalog/qgis_side/catalog_store.py" line="505"/>
        <source>Catalogue refreshed: {0} layers.</source>
        <translation>Catalogue actualisé : {0} couches.</translation>
    </message>
    <message>
        <location filename="../core/catalog/qgis_side/catalog_store.py" line="505"/>
        <source>Catalogue partly refreshed ({0} layers); failed: {1}</source>
        <translation>Catalogue actualisé en partie ({0} couches) ; échecs : {1}</translation>
    </message>
    <message>
        <location filename="../core/catalog/qgis_side/catalog_store.py" line="512"/>
        <source>cached</source>
        <translation>en cache</translation>
    </message>
    <message>
        <location filename="../core/catalog/qgis_side/catalog_store.py" line="512"/>
        <source>live</source>
        <translation>en direct</translation>
    </message>
    <message>
        <location filename="../core/catalog/qgis_side/catalog_store.py" line="512"/>
        <source>bundled</source>
        <translation>fourni avec l'extension</translation>
    </message>
    <message>
        <location filename="../core/catalog/qgis_side/catalog_store.py" line="365"/>
        <source>Restricted services not refreshed: QGIS&apos;s authentication database is locked (its master password was not entered in this session), and a batch run does not wait for it. Their last saved catalogue is used.</source>
        <translation>Services à accès restreint non actualisés : la base d'authentification de QGIS est verrouillée (son mot de passe principal n'a pas été saisi dans cette session), et un traitement par lot ne l'attend pas. Leur dernier catalogue enregistré est utilisé.</translation>
    </message>
    <message>
        <location filename="../core/catalog/qgis_side/catalog_store.py" line="381"/>
        <source>Could not reach the Géoplateforme ({0}): the saved catalogue is used.</source>
        <translation>Impossible de joindre la Géoplateforme ({0}) : le catalogue enregistré est utilisé.</translation>
    </message>
</context>
<context>
    <name>ChooseKeyDialog</name>
    <message>
        <location filename="../gui/keys/key_choice.py" line="37"/>
        <source>Restricted layer</source>
        <translation>Couche restreinte</translation>
    </message>
    <message>
        <location filename="../gui/keys/key_choice.py" line="41"/>
        <source>&lt;p&gt;Several of your keys unlock &lt;b&gt;{0}&lt;/b&gt;: which one should it use?&lt;/p&gt;</source>
        <translation>&lt;p&gt;Plusieurs de vos clés ouvrent &lt;b&gt;{0}&lt;/b&gt; : laquelle utiliser ?&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../gui/keys/key_choice.py" line="43"/>
        <source>&lt;p&gt;&lt;b&gt;{0}&lt;/b&gt; is restricted data: the Géoplateforme serves it only with a key. None of your keys is known to unlock it (test them in &lt;i&gt;My Géoplateforme keys&lt;/i&gt;): choose one, or add a key.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;{0}&lt;/b&gt; est une donnée restreinte : la Géoplateforme ne la sert qu'avec une clé. Aucune de vos clés n'est connue pour l'ouvrir (testez-les dans &lt;i&gt;Mes clés Géoplateforme&lt;/i&gt;) : choisissez-en une, ou ajoutez une clé.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../gui/keys/key_choice.py" line="47"/>
        <source>&lt;p&gt;&lt;b&gt;{0}&lt;/b&gt; is restricted data: the Géoplateforme serves it only with a key. To get one, sign in on &lt;a href='{1}'&gt;cartes.gouv.fr&lt;/a&gt;, ask for access to the data (for the SCAN maps, join their space), then create a key in your account and add it here.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;{0}&lt;/b&gt; est une donnée restreinte : la Géoplateforme ne la sert qu'avec une clé. Pour en obtenir une, connectez-vous sur &lt;a href='{1}'&gt;cartes.gouv.fr&lt;/a&gt;, demandez l'accès aux données (pour les cartes SCAN, rejoignez leur espace), puis créez une clé dans votre compte et ajoutez-la ici.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../gui/keys/key_choice.py" line="56"/>
        <source>Add a key…</source>
        <translation>Ajouter une clé…</translation>
    </message>
    <message>
        <location filename="../gui/keys/key_choice.py" line="57"/>
        <source>Use this key for restricted layers from now on</source>
        <translation>Utiliser désormais cette clé pour les couches restreintes</translation>
    </message>
</context>
<context>
    <name>Connections</name>
    <message>
        <location filename="../core/migration/qgis_side/saved_connections.py" line="254"/>
        <source>No connection was changed: {0}</source>
        <translation>Aucune connexion n'a été modifiée : {0}</translation>
    </message>
</context>
<context>
    <name>ConnectionsDialog</name>
    <message>
        <location filename="../gui/migration/connections_dialog.py" line="30"/>
        <source>Saved connections</source>
        <translation>Connexions enregistrées</translation>
    </message>
    <message>
        <location filename="../gui/migration/connections_dialog.py" line="33"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../gui/migration/connections_dialog.py" line="33"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../gui/migration/connections_dialog.py" line="33"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location filename="../gui/migration/connections_dialog.py" line="33"/>
        <source>Becomes</source>
        <translation>Devient</translation>
    </message>
    <message>
        <location filename="../gui/migration/connections_dialog.py" line="33"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../gui/migration/connections_dialog.py" line="42"/>
        <source>Add the Géoplateforme's services</source>
        <translation>Ajouter les services de la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/migration/connections_dialog.py" line="44"/>
        <source>Migrate the checked connections</source>
        <translation>Migrer les connexions cochées</translation>
    </message>
    <message>
        <location filename="../gui/migration/connections_dialog.py" line="46"/>
        <source>Undo the last migration</source>
        <translation>Annuler la dernière migration</translation>
    </message>
    <message>
        <location filename="../gui/migration/connections_dialog.py" line="106"/>
        <source>{} connections migrated.</source>
        <translation>{} connexion(s) migrée(s).</translation>
    </message>
    <message>
        <location filename="../gui/migration/connections_dialog.py" line="108"/>
        <source>Left as they are (their HASH key needs QGIS 3.24 or later to move into an auth config): {}</source>
        <translation>Laissées telles quelles (leur clé HASH demande QGIS 3.24 ou plus récent pour passer dans une configuration d'authentification) : {}</translation>
    </message>
    <message>
        <location filename="../gui/migration/connections_dialog.py" line="120"/>
        <source>The last migration was undone.</source>
        <translation>La dernière migration a été annulée.</translation>
    </message>
    <message>
        <location filename="../gui/migration/connections_dialog.py" line="127"/>
        <source>Added: {}</source>
        <translation>Ajoutées : {}</translation>
    </message>
    <message>
        <location filename="../gui/migration/connections_dialog.py" line="39"/>
        <source>This profile has no connection to the Géoplateforme: add its services (WMTS, WMS raster and vector, WFS)?</source>
        <translation>Ce profil n'a aucune connexion à la Géoplateforme : ajouter ses services (WMTS, WMS raster et vecteur, WFS) ?</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <location filename="../gui/download/details_panel.py" line="35"/>
        <source>Edition or file</source>
        <translation>Édition ou fichier</translation>
    </message>
    <message>
        <location filename="../gui/download/details_panel.py" line="35"/>
        <source>Zone</source>
        <translation>Zone</translation>
    </message>
    <message>
        <location filename="../gui/download/details_panel.py" line="35"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../gui/download/details_panel.py" line="35"/>
        <source>CRS</source>
        <translation>SCR</translation>
    </message>
    <message>
        <location filename="../gui/download/details_panel.py" line="35"/>
        <source>Edition date</source>
        <translation>Date d'édition</translation>
    </message>
    <message>
        <location filename="../gui/download/details_panel.py" line="35"/>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location filename="../gui/download/details_panel.py" line="59"/>
        <source>Licence: {0}</source>
        <translation>Licence : {0}</translation>
    </message>
    <message>
        <location filename="../gui/download/details_panel.py" line="59"/>
        <source>Licence: not stated by the download service</source>
        <translation>Licence : non indiquée par le service de téléchargement</translation>
    </message>
    <message>
        <location filename="../gui/download/details_panel.py" line="62"/>
        <source>Formats: {0}</source>
        <translation>Formats : {0}</translation>
    </message>
    <message>
        <location filename="../gui/download/details_panel.py" line="64"/>
        <source>CRS: {0}</source>
        <translation>SCR : {0}</translation>
    </message>
    <message>
        <location filename="../gui/download/details_panel.py" line="84"/>
        <source>{0} ({1} volumes)</source>
        <translation>{0} ({1} volumes)</translation>
    </message>
    <message>
        <location filename="../gui/download/details_panel.py" line="104"/>
        <source>MD5: {0}</source>
        <translation>MD5 : {0}</translation>
    </message>
</context>
<context>
    <name>Download</name>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="98"/>
        <source>Not enough disk space in {0}: {1} needed, {2} free.</source>
        <translation>Pas assez de place sur le disque dans {0} : {1} nécessaires, {2} libres.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="115"/>
        <source>Could not write {0}: {1}</source>
        <translation>Impossible d’écrire {0} : {1}</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="433"/>
        <source>The connection dropped {0} times; the download stopped at {1} bytes.</source>
        <translation>La connexion a été coupée {0} fois ; le téléchargement s’est arrêté à {1} octets.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="665"/>
        <source>{0} is already there: move it or choose another download folder.</source>
        <translation>{0} existe déjà : déplacez-le ou choisissez un autre dossier de téléchargement.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="652"/>
        <source>{0}: {1}</source>
        <translation>{0} : {1}</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="655"/>
        <source>{0}: the MD5 checksum does not match (expected {1}, got {2}): the file is damaged and was deleted.</source>
        <translation>{0} : la somme de contrôle MD5 ne correspond pas (attendue {1}, obtenue {2}) : le fichier est endommagé et a été supprimé.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="681"/>
        <source>Downloaded, MD5 checked: {0}</source>
        <translation>Téléchargé, MD5 vérifié : {0}</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="683"/>
        <source>Downloaded (no MD5 given to check): {0}</source>
        <translation>Téléchargé (aucun MD5 fourni pour le vérifier) : {0}</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="691"/>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="397"/>
        <source>Download not followed: {0}.</source>
        <translation>Téléchargement non suivi : {0}.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="113"/>
        <source>The disk is full: {0} could not be written ({1}). Free some space or choose another download folder.</source>
        <translation>Le disque est plein : {0} n’a pas pu être écrit ({1}). Libérez de la place ou choisissez un autre dossier de téléchargement.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="302"/>
        <source>the server announced {0} bytes where the download service lists {1}: the download was stopped.</source>
        <translation>le serveur a annoncé {0} octets là où le service de téléchargement en indique {1} : le téléchargement a été arrêté.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="342"/>
        <source>the server sent more than the {0} bytes announced: the download was stopped and nothing was kept.</source>
        <translation>le serveur a envoyé plus que les {0} octets annoncés : le téléchargement a été arrêté et rien n’a été gardé.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="366"/>
        <source>The disk is full: {0} more are needed in {1}, {2} are free. Free some space or choose another download folder.</source>
        <translation>Le disque est plein : il faut encore {0} dans {1}, {2} sont libres. Libérez de la place ou choisissez un autre dossier de téléchargement.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="589"/>
        <source>The download service gives the name “{0}”, which cannot be made a safe file name: this file was not downloaded.</source>
        <translation>Le service de téléchargement donne le nom « {0} », dont on ne peut pas faire un nom de fichier sûr : ce fichier n’a pas été téléchargé.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="605"/>
        <source>The download could not start: {0}</source>
        <translation>Le téléchargement n’a pas pu commencer : {0}</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/transfer.py" line="767"/>
        <source>The download could not start.</source>
        <translation>Le téléchargement n’a pas pu commencer.</translation>
    </message>
</context>
<context>
    <name>DownloadController</name>
    <message>
        <location filename="../core/download/qgis_side/controller.py" line="47"/>
        <source>Listing the Géoplateforme downloads</source>
        <translation>Liste des téléchargements de la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/controller.py" line="76"/>
        <source>Listing the editions of {0}</source>
        <translation>Liste des éditions de {0}</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/controller.py" line="108"/>
        <source>Listing the files of {0}</source>
        <translation>Liste des fichiers de {0}</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/controller.py" line="154"/>
        <source>Unpacking {0}</source>
        <translation>Décompression de {0}</translation>
    </message>
</context>
<context>
    <name>DownloadLayers</name>
    <message>
        <location filename="../core/download/qgis_side/open_layers.py" line="69"/>
        <source>{0} could not be opened.</source>
        <translation>{0} n’a pas pu être ouvert.</translation>
    </message>
</context>
<context>
    <name>DownloadPanel</name>
    <message>
        <location filename="../gui/download/download_dock.py" line="388"/>
        <source>Géoplateforme downloads</source>
        <translation>Téléchargement Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="106"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="173"/>
        <source>Choose the key (an authentication configuration) that gives access to the restricted resources.</source>
        <translation>Choisissez la clé (une configuration d'authentification) qui donne accès aux ressources restreintes.</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="182"/>
        <source>Listing the resources…</source>
        <translation>Liste des ressources…</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="190"/>
        <source>The download service could not be listed: {0}</source>
        <translation>Le service de téléchargement n'a pas pu être listé : {0}</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="207"/>
        <source>{0} of {1} resources match the search.</source>
        <translation>{0} sur {1} ressources correspondent à la recherche.</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="210"/>
        <source>{0} of {1} resources listed.</source>
        <translation>{0} sur {1} ressources listées.</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="253"/>
        <source>Listing the editions of {0}…</source>
        <translation>Liste des éditions de {0}…</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="262"/>
        <source>The editions of {0} could not be listed: {1}</source>
        <translation>Les éditions de {0} n'ont pas pu être listées : {1}</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="268"/>
        <source>{0}: {1} of {2} editions listed.</source>
        <translation>{0} : {1} sur {2} éditions listées.</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="295"/>
        <source>Listing the files of {0}…</source>
        <translation>Liste des fichiers de {0}…</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="288"/>
        <source>The files could not be listed: {0}</source>
        <translation>Les fichiers n'ont pas pu être listés : {0}</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="292"/>
        <source>{0}: {1} files.</source>
        <translation>{0} : {1} fichiers.</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="318"/>
        <source>Choose a file of an edition to download.</source>
        <translation>Choisissez un fichier d’une édition à télécharger.</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="369"/>
        <source>Unpacking {0}…</source>
        <translation>Décompression de {0}…</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="378"/>
        <source>{0}: {1} layer(s) added to the project.</source>
        <translation>{0} : {1} couche(s) ajoutée(s) au projet.</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="380"/>
        <source>No layer QGIS can open was found in {0}.</source>
        <translation>Aucune couche que QGIS sait ouvrir n’a été trouvée dans {0}.</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="403"/>
        <source>Opened over HTTP by GDAL&apos;s own client: QGIS&apos;s proxy settings and authentication configurations do not apply to this layer.</source>
        <translation>Ouverte par HTTP avec le client propre à GDAL : les réglages de proxy et les configurations d’authentification de QGIS ne s’appliquent pas à cette couche.</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="406"/>
        <source>The streamable copy could not be opened: {0}</source>
        <translation>La copie diffusable n’a pas pu être ouverte : {0}</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="409"/>
        <source>{0} opened without downloading. {1}</source>
        <translation>{0} ouverte sans téléchargement. {1}</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="207"/>
        <source>{0} of {1} resource matches the search.</source>
        <translation>{0} sur {1} ressource correspond à la recherche.</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="210"/>
        <source>{0} of {1} resource listed.</source>
        <translation>{0} sur {1} ressource listée.</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="268"/>
        <source>{0}: {1} of {2} edition listed.</source>
        <translation>{0} : {1} sur {2} édition listée.</translation>
    </message>
    <message>
        <location filename="../gui/download/download_dock.py" line="292"/>
        <source>{0}: {1} file.</source>
        <translation>{0} : {1} fichier.</translation>
    </message>
</context>
<context>
    <name>EntryActions</name>
    <message>
        <location filename="../gui/entry_actions/entry_actions.py" line="43"/>
        <source>Layer not added</source>
        <translation>Couche non ajoutée</translation>
    </message>
    <message>
        <location filename="../gui/entry_actions/entry_actions.py" line="47"/>
        <source>Layer added</source>
        <translation>Couche ajoutée</translation>
    </message>
</context>
<context>
    <name>EntryDetails</name>
    <message>
        <location filename="../gui/catalog_dock/entry_details.py" line="44"/>
        <source>Add to map</source>
        <translation>Ajouter à la carte</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/entry_details.py" line="56"/>
        <source>&lt;p&gt;Select a layer to see its description.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Sélectionnez une couche pour voir sa description.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/entry_details.py" line="63"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/entry_details.py" line="64"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/entry_details.py" line="64"/>
        <source>restricted (key needed)</source>
        <translation>restreinte (clé nécessaire)</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/entry_details.py" line="68"/>
        <source>Your keys</source>
        <translation>Vos clés</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/entry_details.py" line="68"/>
        <source>none known to unlock it (test your keys in &lt;i&gt;My Géoplateforme keys&lt;/i&gt;)</source>
        <translation>aucune connue pour l'ouvrir (testez vos clés dans &lt;i&gt;Mes clés Géoplateforme&lt;/i&gt;)</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/entry_details.py" line="71"/>
        <source>Theme</source>
        <translation>Thème</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/entry_details.py" line="73"/>
        <source>Keywords</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/entry_details.py" line="75"/>
        <source>CRS</source>
        <translation>SCR</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/entry_details.py" line="77"/>
        <source>Formats</source>
        <translation>Formats</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/entry_details.py" line="80"/>
        <source>Styles</source>
        <translation>Styles</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/entry_details.py" line="82"/>
        <source>Tile matrix sets</source>
        <translation>Pyramides de tuiles</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/entry_details.py" line="85"/>
        <source>Zoom levels</source>
        <translation>Niveaux de zoom</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/entry_details.py" line="87"/>
        <source>Extent (WGS 84)</source>
        <translation>Emprise (WGS 84)</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/entry_details.py" line="93"/>
        <source>Metadata</source>
        <translation>Métadonnées</translation>
    </message>
</context>
<context>
    <name>FeedListing</name>
    <message>
        <location filename="../core/download/qgis_side/client.py" line="214"/>
        <source>Listing the Géoplateforme downloads</source>
        <translation>Liste des téléchargements de la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/client.py" line="261"/>
        <source>Listing cancelled.</source>
        <translation>Liste annulée.</translation>
    </message>
</context>
<context>
    <name>KeyAccess</name>
    <message>
        <location filename="../core/keys/qgis_side/key_access.py" line="204"/>
        <source>Could not save the result of the key test: {0}</source>
        <translation>Impossible d'enregistrer le résultat du test de la clé : {0}</translation>
    </message>
</context>
<context>
    <name>KeyEditDialog</name>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="73"/>
        <source>Edit the key</source>
        <translation>Modifier la clé</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="73"/>
        <source>Add a Géoplateforme key</source>
        <translation>Ajouter une clé Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="74"/>
        <source>HASH key (sent as the apikey header)</source>
        <translation>Clé HASH (envoyée dans l'en-tête apikey)</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="75"/>
        <source>Login and password (BASIC key)</source>
        <translation>Identifiant et mot de passe (clé BASIC)</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="105"/>
        <source>This QGIS cannot use HASH keys: the &lt;i&gt;API header&lt;/i&gt; authentication they need came with QGIS 3.24. IGN recommends login/password (BASIC) keys for GIS software; they work in every QGIS version.</source>
        <translation>Ce QGIS ne peut pas utiliser de clés HASH : l'authentification &lt;i&gt;API header&lt;/i&gt; dont elles ont besoin est arrivée avec QGIS 3.24. L'IGN recommande les clés identifiant/mot de passe (BASIC) pour les logiciels SIG ; elles fonctionnent dans toutes les versions de QGIS.</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="110"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="111"/>
        <source>Login</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="122"/>
        <source>unchanged (type a new one to replace it)</source>
        <translation>inchangée (tapez-en une nouvelle pour la remplacer)</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="132"/>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="132"/>
        <source>HASH key</source>
        <translation>Clé HASH</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="134"/>
        <source>unchanged</source>
        <translation>inchangé</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="141"/>
        <source>Give the key a name.</source>
        <translation>Donnez un nom à la clé.</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="146"/>
        <source>Type the key (and the login for a BASIC key).</source>
        <translation>Tapez la clé (et l'identifiant pour une clé BASIC).</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="94"/>
        <source>&lt;p&gt;QGIS will now ask for its &lt;b&gt;master password&lt;/b&gt; (to set one, the first time): it encrypts QGIS&apos;s authentication database, where your key is kept. Choose one you will remember; QGIS asks for it once per session.&lt;/p&gt;</source>
        <translation>&lt;p&gt;QGIS va maintenant demander son &lt;b&gt;mot de passe principal&lt;/b&gt; (à définir, la première fois) : il chiffre la base d'authentification de QGIS, où votre clé est conservée. Choisissez-en un dont vous vous souviendrez ; QGIS le demande une fois par session.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>KeyTestTask</name>
    <message>
        <location filename="../core/keys/qgis_side/key_access.py" line="78"/>
        <source>Testing a Géoplateforme key</source>
        <translation>Test d'une clé Géoplateforme</translation>
    </message>
</context>
<context>
    <name>KeyedLayers</name>
    <message>
        <location filename="../core/keys/qgis_side/keyed_layers.py" line="24"/>
        <source>it has no key</source>
        <translation>elle n'a pas de clé</translation>
    </message>
    <message>
        <location filename="../core/keys/qgis_side/keyed_layers.py" line="33"/>
        <source>its source has no address</source>
        <translation>sa source n'a pas d'adresse</translation>
    </message>
    <message>
        <location filename="../core/keys/qgis_side/keyed_layers.py" line="54"/>
        <source>the key it came from is no longer in QGIS: choose one with My Géoplateforme keys</source>
        <translation>la clé dont elle venait n'est plus dans QGIS : choisissez-en une avec Mes clés Géoplateforme</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <location filename="../core/keys/qgis_side/key_store.py" line="56"/>
        <source>This QGIS cannot send a HASH key: the “API header” authentication method needs QGIS 3.24 or later. Use a login/password key (Basic), or upgrade QGIS.</source>
        <translation>Ce QGIS ne peut pas envoyer de clé HASH : la méthode d'authentification « API header » demande QGIS 3.24 ou plus récent. Utilisez une clé identifiant/mot de passe (Basic), ou mettez QGIS à jour.</translation>
    </message>
    <message>
        <location filename="../core/keys/qgis_side/key_store.py" line="50"/>
        <source>QGIS&apos;s authentication system is disabled: {0}</source>
        <translation>Le système d'authentification de QGIS est désactivé : {0}</translation>
    </message>
    <message>
        <location filename="../core/keys/qgis_side/key_store.py" line="101"/>
        <source>No authentication configuration “{0}” in this QGIS profile.</source>
        <translation>Aucune configuration d'authentification « {0} » dans ce profil QGIS.</translation>
    </message>
    <message>
        <location filename="../core/keys/qgis_side/key_store.py" line="116"/>
        <source>QGIS could not update the key “{0}”.</source>
        <translation>QGIS n'a pas pu mettre à jour la clé « {0} ».</translation>
    </message>
    <message>
        <location filename="../core/keys/qgis_side/key_store.py" line="122"/>
        <source>QGIS could not delete the key “{0}”.</source>
        <translation>QGIS n'a pas pu supprimer la clé « {0} ».</translation>
    </message>
    <message>
        <location filename="../core/keys/qgis_side/key_store.py" line="154"/>
        <source>Only a HASH key can be written into a layer's address; “{0}” is a login/password key.</source>
        <translation>Seule une clé HASH peut être écrite dans l'adresse d'une couche ; « {0} » est une clé identifiant/mot de passe.</translation>
    </message>
    <message>
        <location filename="../core/keys/qgis_side/key_store.py" line="84"/>
        <source>QGIS could not store the key “{0}” in its authentication database (is the master password set? is the database locked by another program?).</source>
        <translation>QGIS n'a pas pu enregistrer la clé « {0} » dans sa base d'authentification (le mot de passe principal est-il défini ? la base est-elle verrouillée par un autre programme ?).</translation>
    </message>
    <message>
        <location filename="../core/keys/qgis_side/key_store.py" line="164"/>
        <source>QGIS could not write to its authentication database (is it locked by another program, or is the master password not set?).</source>
        <translation>QGIS n'a pas pu écrire dans sa base d'authentification (est-elle verrouillée par un autre programme, ou le mot de passe principal n'est-il pas défini ?).</translation>
    </message>
    <message>
        <location filename="../core/keys/qgis_side/key_store.py" line="172"/>
        <source>A value the plugin kept is no longer in QGIS&apos;s authentication database (was the database replaced or reset?).</source>
        <translation>Une valeur conservée par l'extension n'est plus dans la base d'authentification de QGIS (la base a-t-elle été remplacée ou réinitialisée ?).</translation>
    </message>
</context>
<context>
    <name>KeysDialog</name>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="168"/>
        <source>My Géoplateforme keys</source>
        <translation>Mes clés Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="172"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="172"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="172"/>
        <source>Unlocks</source>
        <translation>Ouvre</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="180"/>
        <source>Add…</source>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="181"/>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="182"/>
        <source>Test</source>
        <translation>Tester</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="183"/>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="187"/>
        <source>&lt;p&gt;Restricted data (SCAN 25®, SCAN 100®, SCAN OACI…) needs a key from &lt;a href='{0}'&gt;cartes.gouv.fr&lt;/a&gt;. QGIS keeps it in its encrypted authentication database; projects only record the configuration's identifier.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Les données restreintes (SCAN 25®, SCAN 100®, SCAN OACI…) demandent une clé obtenue sur &lt;a href='{0}'&gt;cartes.gouv.fr&lt;/a&gt;. QGIS la garde dans sa base d'authentification chiffrée ; les projets n'enregistrent que l'identifiant de la configuration.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="192"/>
        <source>&lt;p&gt;This QGIS offers login/password (BASIC) keys only: HASH keys need the &lt;i&gt;API header&lt;/i&gt; authentication of QGIS 3.24 or later.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Ce QGIS ne propose que les clés identifiant/mot de passe (BASIC) : les clés HASH demandent l'authentification &lt;i&gt;API header&lt;/i&gt; de QGIS 3.24 ou plus récent.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="194"/>
        <source>&lt;p&gt;AUTH (OAuth2) keys need a sign-in in a web browser: they are not for GIS layers.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Les clés AUTH (OAuth2) demandent une connexion dans un navigateur web : elles ne servent pas aux couches SIG.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="246"/>
        <source>login/password</source>
        <translation>identifiant/mot de passe</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="247"/>
        <source>HASH</source>
        <translation>HASH</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="247"/>
        <source>HASH (needs QGIS 3.24)</source>
        <translation>HASH (demande QGIS 3.24)</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="251"/>
        <source>testing…</source>
        <translation>test en cours…</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="254"/>
        <source>not tested</source>
        <translation>non testée</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="256"/>
        <source>nothing: {0}</source>
        <translation>rien : {0}</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="275"/>
        <source>Test the key to see which layers it unlocks.</source>
        <translation>Testez la clé pour voir quelles couches elle ouvre.</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="277"/>
        <source>Tested {0}</source>
        <translation>Testée le {0}</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="285"/>
        <source>no layer</source>
        <translation>aucune couche</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="330"/>
        <source>Delete the key</source>
        <translation>Supprimer la clé</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="319"/>
        <source>Delete the key “{0}” from QGIS? Layers that use it will no longer load.</source>
        <translation>Supprimer la clé « {0} » de QGIS ? Les couches qui l'utilisent ne se chargeront plus.</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="259"/>
        <source>open layers only</source>
        <translation>couches ouvertes seulement</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="262"/>
        <source>and {0} more</source>
        <translation>et {0} autres</translation>
    </message>
    <message>
        <location filename="../gui/keys/keys_dialog.py" line="280"/>
        <source>Restricted data it opens: {0}.</source>
        <translation>Données à accès restreint qu'elle ouvre : {0}.</translation>
    </message>
</context>
<context>
    <name>LayerMenu</name>
    <message>
        <location filename="../gui/migration/layer_menu.py" line="42"/>
        <source>Migrate to the Géoplateforme</source>
        <translation>Migrer vers la Géoplateforme</translation>
    </message>
</context>
<context>
    <name>LayerOptionsPanel</name>
    <message>
        <location filename="../gui/catalog_dock/layer_options_panel.py" line="30"/>
        <source>Options</source>
        <translation>Options</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/layer_options_panel.py" line="42"/>
        <source>Only features in the current view</source>
        <translation>Seulement les objets de la vue courante</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/layer_options_panel.py" line="43"/>
        <source>Filter…</source>
        <translation>Filtrer…</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/layer_options_panel.py" line="61"/>
        <source>Tile matrix set</source>
        <translation>Pyramide de tuiles</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/layer_options_panel.py" line="61"/>
        <source>CRS</source>
        <translation>SCR</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/layer_options_panel.py" line="61"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/layer_options_panel.py" line="61"/>
        <source>Style</source>
        <translation>Style</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/layer_options_panel.py" line="142"/>
        <source>No filter</source>
        <translation>Aucun filtre</translation>
    </message>
    <message>
        <location filename="../gui/catalog_dock/layer_options_panel.py" line="41"/>
        <source>In the current view only</source>
        <translation>Dans la vue seulement</translation>
    </message>
</context>
<context>
    <name>Layers</name>
    <message>
        <location filename="../core/layers/qgis_side/layer_factory.py" line="186"/>
        <source>“{0}” is restricted: choose a Géoplateforme key (an authentication configuration) to add it.</source>
        <translation>« {0} » est restreinte : choisissez une clé Géoplateforme (une configuration d'authentification) pour l'ajouter.</translation>
    </message>
    <message>
        <location filename="../core/layers/qgis_side/layer_factory.py" line="200"/>
        <source>the service did not answer as expected</source>
        <translation>le service n'a pas répondu comme prévu</translation>
    </message>
    <message>
        <location filename="../core/layers/qgis_side/layer_factory.py" line="202"/>
        <source> Check the key and its rights.</source>
        <translation> Vérifiez la clé et ses droits.</translation>
    </message>
    <message>
        <location filename="../core/layers/qgis_side/layer_factory.py" line="203"/>
        <source>Could not add “{0}” ({1}): {2}.</source>
        <translation>Impossible d'ajouter « {0} » ({1}) : {2}.</translation>
    </message>
    <message>
        <location filename="../core/layers/qgis_side/layer_factory.py" line="207"/>
        <source>The filter of “{0}” is not valid: {1}</source>
        <translation>Le filtre de « {0} » n'est pas valide : {1}</translation>
    </message>
    <message>
        <location filename="../core/layers/qgis_side/layer_factory.py" line="337"/>
        <source>Could not read the vector tile style: {0}</source>
        <translation>Impossible de lire le style des tuiles vectorielles : {0}</translation>
    </message>
    <message>
        <location filename="../core/layers/qgis_side/layer_factory.py" line="353"/>
        <source>Loading a vector tile style</source>
        <translation>Chargement d'un style de tuiles vectorielles</translation>
    </message>
    <message>
        <location filename="../core/layers/qgis_side/layer_factory.py" line="388"/>
        <source>Could not load the style {0}: {1}</source>
        <translation>Impossible de charger le style {0} : {1}</translation>
    </message>
    <message>
        <location filename="../core/layers/qgis_side/layer_factory.py" line="388"/>
        <source>cancelled</source>
        <translation>annulé</translation>
    </message>
    <message>
        <location filename="../core/layers/qgis_side/layer_factory.py" line="401"/>
        <source>Style {0}: {1} parts could not be converted.</source>
        <translation>Style {0} : {1} éléments n'ont pas pu être convertis.</translation>
    </message>
</context>
<context>
    <name>LegacyNotice</name>
    <message>
        <location filename="../gui/migration/legacy_notice.py" line="48"/>
        <source>{0} layer(s) of this project were read at their Géoplateforme address instead of the old Géoportail; saving the project keeps it.</source>
        <translation>{0} couche(s) de ce projet ont été lues à leur adresse Géoplateforme au lieu de l’ancien Géoportail ; enregistrer le projet le conserve.</translation>
    </message>
    <message>
        <location filename="../gui/migration/legacy_notice.py" line="52"/>
        <source>Restricted layers left as they were, since no single key of yours is known to unlock them (choose one in Details…): {0}.</source>
        <translation>Couches restreintes laissées telles quelles, aucune de vos clés n’étant seule connue pour les déverrouiller (choisissez-en une dans Détails…) : {0}.</translation>
    </message>
    <message>
        <location filename="../gui/migration/legacy_notice.py" line="56"/>
        <source>{0} other layer(s) could not be migrated.</source>
        <translation>{0} autre(s) couche(s) n’ont pas pu être migrées.</translation>
    </message>
    <message>
        <location filename="../gui/migration/legacy_notice.py" line="60"/>
        <source>{0} layer(s) of this project still use the old Géoportail (wxs.ign.fr), which no longer answers.</source>
        <translation>{0} couche(s) de ce projet utilisent encore l'ancien Géoportail (wxs.ign.fr), qui ne répond plus.</translation>
    </message>
    <message>
        <location filename="../gui/migration/legacy_notice.py" line="63"/>
        <source>{0} layer(s) on the Géoplateforme ask for what its servers refuse today (tile matrix set, style, format, layer name or key).</source>
        <translation>{0} couche(s) sur la Géoplateforme demandent ce que ses serveurs refusent aujourd'hui (jeu de matrices de tuiles, style, format, nom de couche ou clé).</translation>
    </message>
    <message>
        <location filename="../gui/migration/legacy_notice.py" line="101"/>
        <source>Géoplateforme</source>
        <translation>Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/migration/legacy_notice.py" line="68"/>
        <source>Details…</source>
        <translation>Détails…</translation>
    </message>
    <message>
        <location filename="../gui/migration/legacy_notice.py" line="68"/>
        <source>Migrate…</source>
        <translation>Migrer…</translation>
    </message>
    <message>
        <location filename="../gui/migration/legacy_notice.py" line="78"/>
        <source>Migrate projects as they open</source>
        <translation>Migrer les projets à l’ouverture</translation>
    </message>
    <message>
        <location filename="../gui/migration/legacy_notice.py" line="80"/>
        <source>From now on, read the old Géoportail layers of the projects you open at their Géoplateforme address (the files change only when you save them)</source>
        <translation>Désormais, lire les anciennes couches Géoportail des projets ouverts à leur adresse Géoplateforme (les fichiers ne changent que si vous les enregistrez)</translation>
    </message>
    <message>
        <location filename="../gui/migration/legacy_notice.py" line="101"/>
        <source>{0}: the key of these layers is a HASH key (API header), which this QGIS cannot send (it came with QGIS 3.24), so they stay empty. Give them a login/password key (My Géoplateforme keys, then Migrate the project), or open the project in a newer QGIS.</source>
        <translation>{0} : la clé de ces couches est une clé HASH (API header), que ce QGIS ne sait pas envoyer (elle est arrivée avec QGIS 3.24) ; elles restent donc vides. Donnez-leur une clé identifiant/mot de passe (Mes clés Géoplateforme, puis Migrer le projet), ou ouvrez le projet dans un QGIS plus récent.</translation>
    </message>
</context>
<context>
    <name>LicenceQuestion</name>
    <message>
        <location filename="../gui/download/licence_question.py" line="15"/>
        <source>Licence of {0}</source>
        <translation>Licence de {0}</translation>
    </message>
    <message>
        <location filename="../gui/download/licence_question.py" line="18"/>
        <source>{0} is restricted data. Its terms:

{1}

Download it with your key, under these terms?</source>
        <translation>{0} est une donnée à accès restreint. Ses conditions :

{1}

La télécharger avec votre clé, à ces conditions ?</translation>
    </message>
    <message>
        <location filename="../gui/download/licence_question.py" line="18"/>
        <source>(the download service states none: ask IGN before use)</source>
        <translation>(le service de téléchargement n’en indique aucune : renseignez-vous auprès de l’IGN avant usage)</translation>
    </message>
    <message>
        <location filename="../gui/download/licence_question.py" line="21"/>
        <source>Accept and download</source>
        <translation>Accepter et télécharger</translation>
    </message>
</context>
<context>
    <name>LiveMigration</name>
    <message>
        <location filename="../core/migration/qgis_side/live_migration.py" line="370"/>
        <source>the layer is no longer in the project</source>
        <translation>la couche n'est plus dans le projet</translation>
    </message>
    <message>
        <location filename="../core/migration/qgis_side/live_migration.py" line="247"/>
        <source>no longer in the project</source>
        <translation>n'est plus dans le projet</translation>
    </message>
    <message>
        <location filename="../core/migration/qgis_side/live_migration.py" line="255"/>
        <source>its source changed since</source>
        <translation>sa source a changé depuis</translation>
    </message>
    <message>
        <location filename="../core/migration/qgis_side/live_migration.py" line="267"/>
        <source>the record does not match what the migration does</source>
        <translation>l'enregistrement ne correspond pas à ce que fait la migration</translation>
    </message>
    <message>
        <location filename="../core/migration/qgis_side/live_migration.py" line="273"/>
        <source>the recorded source is unreadable</source>
        <translation>la source enregistrée est illisible</translation>
    </message>
</context>
<context>
    <name>Locator</name>
    <message>
        <location filename="../gui/browser/locator_filter.py" line="47"/>
        <source>Géoplateforme layers</source>
        <translation>Couches de la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/browser/locator_filter.py" line="101"/>
        <source>vector tiles</source>
        <translation>tuiles vectorielles</translation>
    </message>
    <message>
        <location filename="../gui/browser/locator_filter.py" line="104"/>
        <source>restricted, key needed</source>
        <translation>accès restreint, clé nécessaire</translation>
    </message>
</context>
<context>
    <name>MigrateConnectionsAlgorithm</name>
    <message>
        <location filename="../processing_provider/connections_run.py" line="55"/>
        <source>Give the migrated file a name (the input file is never rewritten).</source>
        <translation>Donnez un nom au fichier migré (le fichier d'entrée n'est jamais réécrit).</translation>
    </message>
    <message>
        <location filename="../processing_provider/connections_run.py" line="68"/>
        <source>Saved connections: {}, to change: {}</source>
        <translation>Connexions enregistrées : {}, à modifier : {}</translation>
    </message>
    <message>
        <location filename="../processing_provider/connections_run.py" line="79"/>
        <source>{}: its HASH key stays in its address: QGIS 3.22 cannot send it from an auth config (QGIS 3.24 or later can).</source>
        <translation>{} : sa clé HASH reste dans son adresse : QGIS 3.22 ne sait pas l'envoyer depuis une configuration d'authentification (QGIS 3.24 ou plus récent le sait).</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_connections.py" line="38"/>
        <source>Migrate saved connections</source>
        <translation>Migrer les connexions enregistrées</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_connections.py" line="41"/>
        <source>Rewrites the old Géoportail (wxs.ign.fr) addresses of the WMS/WMTS, WFS, XYZ and vector-tile connections saved in this QGIS profile to the Géoplateforme, keeping their names, settings and auth configs (undo: run again with Undo). With an input file (a connection export or a deployment INI file such as QGIS3.ini), the migrated connections are written to a new file instead.</source>
        <translation>Réécrit vers la Géoplateforme les adresses de l'ancien Géoportail (wxs.ign.fr) des connexions WMS/WMTS, WFS, XYZ et tuiles vectorielles enregistrées dans ce profil QGIS, en gardant leurs noms, paramètres et configurations d'authentification (pour annuler : relancer avec Annuler). Avec un fichier d'entrée (un export de connexions ou un fichier INI de déploiement comme QGIS3.ini), les connexions migrées sont écrites dans un nouveau fichier.</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_connections.py" line="58"/>
        <source>Connection export or INI file (empty: this profile)</source>
        <translation>Export de connexions ou fichier INI (vide : ce profil)</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_connections.py" line="62"/>
        <source>Migrated file</source>
        <translation>Fichier migré</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_connections.py" line="65"/>
        <source>Connection types</source>
        <translation>Types de connexion</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_connections.py" line="65"/>
        <source>WMS/WMTS</source>
        <translation>WMS/WMTS</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_connections.py" line="65"/>
        <source>WFS</source>
        <translation>WFS</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_connections.py" line="65"/>
        <source>XYZ</source>
        <translation>XYZ</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_connections.py" line="65"/>
        <source>Vector tiles</source>
        <translation>Tuiles vectorielles</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_connections.py" line="69"/>
        <source>Only these connections (one name per line; empty: all)</source>
        <translation>Seulement ces connexions (un nom par ligne ; vide : toutes)</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_connections.py" line="72"/>
        <source>Only report, change nothing</source>
        <translation>Rapport seulement, sans rien modifier</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_connections.py" line="74"/>
        <source>Undo the last migration of this profile&apos;s connections</source>
        <translation>Annuler la dernière migration des connexions de ce profil</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_connections.py" line="77"/>
        <source>Report</source>
        <translation>Rapport</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_connections.py" line="81"/>
        <source>Connections changed</source>
        <translation>Connexions modifiées</translation>
    </message>
    <message>
        <location filename="../processing_provider/connections_run.py" line="37"/>
        <source>Connections put back: {}</source>
        <translation>Connexions rétablies : {}</translation>
    </message>
</context>
<context>
    <name>MigrateProjectFileAlgorithm</name>
    <message>
        <location filename="../processing_provider/migrate_project.py" line="34"/>
        <source>Migrate a project file to the Géoplateforme</source>
        <translation>Migrer un fichier de projet vers la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_project.py" line="37"/>
        <source>Rewrites the old Géoportail (wxs.ign.fr) layer sources of a QGIS project (.qgs, .qgz) or layer definition (.qlr) to the Géoplateforme (data.geopf.fr), without opening it. Other layers and archive members are left as they are. Run it as a batch process to migrate many files.</source>
        <translation>Réécrit vers la Géoplateforme (data.geopf.fr) les sources de couches de l'ancien Géoportail (wxs.ign.fr) d'un projet QGIS (.qgs, .qgz) ou d'une définition de couche (.qlr), sans l'ouvrir. Les autres couches et les autres fichiers de l'archive restent tels quels. Lancez-le en traitement par lot pour migrer de nombreux fichiers.</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_project.py" line="47"/>
        <source>Project file</source>
        <translation>Fichier de projet</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_project.py" line="50"/>
        <source>Keep a backup copy (&lt;file&gt;.bak)</source>
        <translation>Garder une copie de sauvegarde (&lt;fichier&gt;.bak)</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_project.py" line="52"/>
        <source>Only report, change nothing</source>
        <translation>Rapport seulement, sans rien modifier</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_project.py" line="57"/>
        <source>Migrated copy (leave empty to rewrite the file itself)</source>
        <translation>Copie migrée (laisser vide pour réécrire le fichier lui-même)</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_project.py" line="60"/>
        <source>Report</source>
        <translation>Rapport</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_project.py" line="64"/>
        <source>Sources changed</source>
        <translation>Sources modifiées</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_project.py" line="55"/>
        <source>Géoplateforme key for restricted layers</source>
        <translation>Clé Géoplateforme pour les couches restreintes</translation>
    </message>
</context>
<context>
    <name>MigrateProjectsAlgorithm</name>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="50"/>
        <source>Migrate projects</source>
        <translation>Migrer des projets</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="53"/>
        <source>Migrates the old Géoportail (wxs.ign.fr) layer sources of many QGIS projects to the Géoplateforme: project files and folders (recursively), and projects stored in a GeoPackage or PostgreSQL (geopackage: or postgresql: project URIs, or a .gpkg file). QGIS's backups (*.qgs~) are left alone; an unreadable file is a report row, never the end of the run; the project open in QGIS is refused (use the migration dialog). The report has one row per layer, with its file.</source>
        <translation>Réécrit vers la Géoplateforme les sources de couches de l'ancien Géoportail (wxs.ign.fr) de nombreux projets QGIS : fichiers et dossiers de projets (récursivement), et projets enregistrés dans un GeoPackage ou dans PostgreSQL (adresses de projet geopackage: ou postgresql:, ou un fichier .gpkg). Les sauvegardes de QGIS (*.qgs~) restent telles quelles ; un fichier illisible est une ligne du rapport, jamais la fin de l'exécution ; le projet ouvert dans QGIS est refusé (utilisez la fenêtre de migration). Le rapport a une ligne par couche, avec son fichier.</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="65"/>
        <source>Project files, folders or stored projects</source>
        <translation>Fichiers de projet, dossiers ou projets enregistrés</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="74"/>
        <source>Look into sub-folders</source>
        <translation>Parcourir les sous-dossiers</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="76"/>
        <source>File types</source>
        <translation>Types de fichiers</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="80"/>
        <source>Only report, change nothing</source>
        <translation>Rapport seulement, sans rien modifier</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="82"/>
        <source>Keep a backup copy of each changed project</source>
        <translation>Garder une copie de sauvegarde de chaque projet modifié</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="86"/>
        <source>Géoplateforme key for restricted layers</source>
        <translation>Clé Géoplateforme pour les couches restreintes</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="88"/>
        <source>Report (HTML)</source>
        <translation>Rapport (HTML)</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="91"/>
        <source>Report (CSV)</source>
        <translation>Rapport (CSV)</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="95"/>
        <source>Projects handled</source>
        <translation>Projets traités</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="96"/>
        <source>Sources changed</source>
        <translation>Sources modifiées</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="97"/>
        <source>Projects not read</source>
        <translation>Projets non lus</translation>
    </message>
    <message>
        <location filename="../processing_provider/fleet_run.py" line="52"/>
        <source>Give project files, folders, stored projects or a PostgreSQL connection.</source>
        <translation>Indiquez des fichiers de projet, des dossiers, des projets enregistrés ou une connexion PostgreSQL.</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="69"/>
        <source>PostgreSQL connection (projects stored in the database)</source>
        <translation>Connexion PostgreSQL (projets enregistrés dans la base)</translation>
    </message>
    <message>
        <location filename="../processing_provider/migrate_projects.py" line="72"/>
        <source>Schema</source>
        <translation>Schéma</translation>
    </message>
</context>
<context>
    <name>MigrationDialog</name>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="238"/>
        <source>Migrate the project to the Géoplateforme</source>
        <translation>Migrer le projet vers la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="269"/>
        <source>Show:</source>
        <translation>Afficher :</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="363"/>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="294"/>
        <source>Add the vector tile replacement</source>
        <translation>Ajouter la couche de remplacement en tuiles vectorielles</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="356"/>
        <source>Export report…</source>
        <translation>Exporter le rapport…</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="609"/>
        <source>Restricted layers</source>
        <translation>Couches restreintes</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="674"/>
        <source>Vector tiles</source>
        <translation>Tuiles vectorielles</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="679"/>
        <source>Added {0} above {1}.</source>
        <translation>{0} ajoutée au-dessus de {1}.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="774"/>
        <source>Export the migration report</source>
        <translation>Exporter le rapport de migration</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="774"/>
        <source>HTML report (*.html);;CSV table (*.csv)</source>
        <translation>Rapport HTML (*.html);;Tableau CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="784"/>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="784"/>
        <source>Report written to {0}</source>
        <translation>Rapport écrit dans {0}</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="562"/>
        <source>Before:</source>
        <translation>Avant :</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="562"/>
        <source>After:</source>
        <translation>Après :</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="332"/>
        <source>Restricted layers (SCAN 25, SCAN 100, SCAN OACI…) need a Géoplateforme key: create one on &lt;a href='{0}'&gt;cartes.gouv.fr&lt;/a&gt;, then add it in &lt;i&gt;My keys&lt;/i&gt; and choose it here.</source>
        <translation>Les couches restreintes (SCAN 25, SCAN 100, SCAN OACI…) demandent une clé Géoplateforme : créez-en une sur &lt;a href='{0}'&gt;cartes.gouv.fr&lt;/a&gt;, ajoutez-la dans &lt;i&gt;Mes clés&lt;/i&gt; puis choisissez-la ici.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="344"/>
        <source>My keys…</source>
        <translation>Mes clés…</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="582"/>
        <source>(no key)</source>
        <translation>(aucune clé)</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="547"/>
        <source>Replace with the successor</source>
        <translation>Remplacer par la couche qui lui succède</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="296"/>
        <source>Split into single layers</source>
        <translation>Scinder en couches simples</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="298"/>
        <source>The Géoplateforme's WMS-R refuses a request naming more than two layers: migrate this layer as one layer per name, inside a group at the same place.</source>
        <translation>Le WMS-R de la Géoplateforme refuse une requête qui nomme plus de deux couches : migrer cette couche en une couche par nom, dans un groupe au même endroit.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="405"/>
        <source>IGN layers ({0})</source>
        <translation>Couches IGN ({0})</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="406"/>
        <source>Non-IGN layers ({0})</source>
        <translation>Couches hors IGN ({0})</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="408"/>
        <source>All layers ({0})</source>
        <translation>Toutes les couches ({0})</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="547"/>
        <source>Replace with {0}</source>
        <translation>Remplacer par {0}</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="701"/>
        <source>{0} split into {1} layers in a group.</source>
        <translation>{0} scindée en {1} couches dans un groupe.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="705"/>
        <source>Map themes and layouts that showed it now show its first layer only: {0}.</source>
        <translation>Les thèmes de carte et mises en page qui l'affichaient n'affichent plus que sa première couche : {0}.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="742"/>
        <source>Replacement</source>
        <translation>Remplacement</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="747"/>
        <source>{0} replaced with {1}.</source>
        <translation>{0} remplacée par {1}.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="377"/>
        <source>Catalogue: {0}</source>
        <translation>Catalogue : {0}</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="277"/>
        <source>Check</source>
        <translation>Cocher</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="280"/>
        <source>All</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="281"/>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="282"/>
        <source>Only the layers shown</source>
        <translation>Seulement les couches affichées</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="289"/>
        <source>Layer</source>
        <translation>Couche</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="351"/>
        <source>More</source>
        <translation>Plus</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="354"/>
        <source>Replace all withdrawn layers with their successor</source>
        <translation>Remplacer toutes les couches retirées par celle qui leur succède</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="361"/>
        <source>Restore the original sources</source>
        <translation>Rétablir les sources d'origine</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="364"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="427"/>
        <source>{0} layer to migrate</source>
        <translation>{0} couche à migrer</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="427"/>
        <source>{0} layers to migrate</source>
        <translation>{0} couches à migrer</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="430"/>
        <source>(of which {0} needs a key)</source>
        <translation>(dont {0} nécessitant une clé)</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="430"/>
        <source>(of which {0} need a key)</source>
        <translation>(dont {0} nécessitant une clé)</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="434"/>
        <source>{0} layer withdrawn by IGN</source>
        <translation>{0} couche retirée par IGN</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="434"/>
        <source>{0} withdrawn by IGN</source>
        <translation>{0} retirées par IGN</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="437"/>
        <source>of which {0} has a proposed replacement</source>
        <translation>dont {0} avec un remplacement proposé</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="437"/>
        <source>of which {0} with a proposed replacement</source>
        <translation>dont {0} avec un remplacement proposé</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="452"/>
        <source>Nothing to migrate.</source>
        <translation>Rien à migrer.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="455"/>
        <source>{0} layer migrated</source>
        <translation>{0} couche migrée</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="455"/>
        <source>{0} layers migrated</source>
        <translation>{0} couches migrées</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="457"/>
        <source>dead credentials taken out of {0} withdrawn layer</source>
        <translation>identifiants périmés retirés de {0} couche retirée</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="457"/>
        <source>dead credentials taken out of {0} withdrawn layers</source>
        <translation>identifiants périmés retirés de {0} couches retirées</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="461"/>
        <source>Still:</source>
        <translation>Reste :</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="609"/>
        <source>{0} restricted layer will be migrated without a key: it stays empty until you attach one.</source>
        <translation>{0} couche à accès restreint sera migrée sans clé : elle restera vide tant que vous ne lui en associerez pas une.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="609"/>
        <source>{0} restricted layers will be migrated without a key: they stay empty until you attach one.</source>
        <translation>{0} couches à accès restreint seront migrées sans clé : elles resteront vides tant que vous ne leur en associerez pas une.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="625"/>
        <source>{0} layer migrated.</source>
        <translation>{0} couche migrée.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="625"/>
        <source>{0} layers migrated.</source>
        <translation>{0} couches migrées.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="627"/>
        <source>Dead credentials taken out of {0} layer withdrawn by IGN (it stays withdrawn).</source>
        <translation>Identifiants périmés retirés de {0} couche retirée par IGN (elle reste retirée).</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="627"/>
        <source>Dead credentials taken out of {0} layers withdrawn by IGN (they stay withdrawn).</source>
        <translation>Identifiants périmés retirés de {0} couches retirées par IGN (elles restent retirées).</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="633"/>
        <source>Not answering at their new address: {0} (check the network or the key).</source>
        <translation>Sans réponse à leur nouvelle adresse : {0} (vérifiez le réseau ou la clé).</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="644"/>
        <source>{0} original source restored.</source>
        <translation>{0} source d'origine rétablie.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="644"/>
        <source>{0} original sources restored.</source>
        <translation>{0} sources d'origine rétablies.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="647"/>
        <source>Left as they are: {0}.</source>
        <translation>Laissées telles quelles : {0}.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="650"/>
        <source>Back without their old credentials: {0}.</source>
        <translation>Rétablies sans leurs anciens identifiants : {0}.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="668"/>
        <source>The replacement layer is not in the catalogue.</source>
        <translation>La couche de remplacement n'est pas dans le catalogue.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="761"/>
        <source>{0} withdrawn layer replaced with its successor.</source>
        <translation>{0} couche retirée remplacée par celle qui lui succède.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="761"/>
        <source>{0} withdrawn layers replaced with their successor.</source>
        <translation>{0} couches retirées remplacées par celles qui leur succèdent.</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="764"/>
        <source>Not replaced: {0}.</source>
        <translation>Non remplacées : {0}.</translation>
    </message>
</context>
<context>
    <name>Network</name>
    <message>
        <location filename="../core/toolbelt/qgis_side/network.py" line="135"/>
        <source>too many redirections ({0})</source>
        <translation>trop de redirections ({0})</translation>
    </message>
    <message>
        <location filename="../core/toolbelt/qgis_side/network.py" line="137"/>
        <source>redirected to an address that is not a web address</source>
        <translation>redirigé vers une adresse qui n'est pas une adresse web</translation>
    </message>
    <message>
        <location filename="../core/toolbelt/qgis_side/network.py" line="139"/>
        <source>redirected from a secure (https) address to an insecure (http) one: not followed</source>
        <translation>redirigé d'une adresse sécurisée (https) vers une adresse non sécurisée (http) : redirection non suivie</translation>
    </message>
    <message>
        <location filename="../core/toolbelt/qgis_side/network.py" line="142"/>
        <source>the Géoplateforme redirected this keyed request to another host ({0}): not followed, so that your key stays with the Géoplateforme</source>
        <translation>la Géoplateforme a redirigé cette requête avec clé vers un autre hôte ({0}) : redirection non suivie, pour que votre clé reste à la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../core/toolbelt/qgis_side/network.py" line="314"/>
        <source>network error</source>
        <translation>erreur réseau</translation>
    </message>
    <message>
        <location filename="../core/toolbelt/qgis_side/network.py" line="295"/>
        <source>cancelled</source>
        <translation>annulé</translation>
    </message>
</context>
<context>
    <name>OptionsFactory</name>
    <message>
        <location filename="../gui/options/options_factory.py" line="19"/>
        <source>Géoplateforme</source>
        <translation>Géoplateforme</translation>
    </message>
</context>
<context>
    <name>OptionsPage</name>
    <message>
        <location filename="../gui/options/options_page.py" line="69"/>
        <source>Géoplateforme</source>
        <translation>Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="73"/>
        <source>Leave empty for the Géoplateforme itself; a mirror's address otherwise</source>
        <translation>Laisser vide pour la Géoplateforme elle-même ; sinon l’adresse d’un miroir</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="75"/>
        <source>Base URL</source>
        <translation>URL de base</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="76"/>
        <source>Not an address (https://…): the current one is kept.</source>
        <translation>Ce n’est pas une adresse (https://…) : l’adresse actuelle est conservée.</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="84"/>
        <source>(no key)</source>
        <translation>(aucune clé)</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="89"/>
        <source>Default key</source>
        <translation>Clé par défaut</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="92"/>
        <source>Migration</source>
        <translation>Migration</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="94"/>
        <source>Read the old Géoportail layers of the projects I open at their Géoplateforme address</source>
        <translation>Lire les anciennes couches Géoportail des projets que j’ouvre à leur adresse Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="100"/>
        <source>Language of QGIS</source>
        <translation>Langue de QGIS</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="105"/>
        <source>Language of reports</source>
        <translation>Langue des rapports</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="116"/>
        <source>Catalogue cache</source>
        <translation>Cache du catalogue</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="122"/>
        <source>Clear</source>
        <translation>Vider</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="142"/>
        <source>Empty: the catalogue comes from the copy bundled with the plugin until it is next refreshed.</source>
        <translation>Vide : le catalogue provient de la copie livrée avec l’extension jusqu’à sa prochaine actualisation.</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="108"/>
        <source>Downloads</source>
        <translation>Téléchargements</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="113"/>
        <source>Download folder</source>
        <translation>Dossier de téléchargement</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="129"/>
        <source> h</source>
        <translation> h</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="130"/>
        <source>every session</source>
        <translation>à chaque session</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="132"/>
        <source>The catalogue&apos;s refresh button always refreshes</source>
        <translation>Le bouton d’actualisation du catalogue actualise toujours</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="133"/>
        <source>Refresh automatically at most every</source>
        <translation>Actualiser automatiquement au plus toutes les</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="147"/>
        <source>{0}.</source>
        <translation>{0}.</translation>
    </message>
    <message>
        <location filename="../gui/options/options_page.py" line="152"/>
        <source>{0}, refreshed {1} hour(s) ago.</source>
        <translation>{0}, actualisé il y a {1} h.</translation>
    </message>
</context>
<context>
    <name>PlanModel</name>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="71"/>
        <source>Layer</source>
        <translation>Couche</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="71"/>
        <source>Group</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="71"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="71"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="72"/>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="66"/>
        <source>to migrate</source>
        <translation>à migrer</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="67"/>
        <source>to migrate, renamed</source>
        <translation>à migrer, renommée</translation>
    </message>
    <message>
        <location filename="../gui/migration/migration_dialog.py" line="68"/>
        <source>to update</source>
        <translation>à mettre à jour</translation>
    </message>
</context>
<context>
    <name>ProcessingCatalogue</name>
    <message>
        <location filename="../processing_provider/__init__.py" line="12"/>
        <source>Refresh the Géoplateforme catalogue first (restricted services only if QGIS's authentication database is already unlocked)</source>
        <translation>Actualiser d'abord le catalogue de la Géoplateforme (services à accès restreint seulement si la base d'authentification de QGIS est déjà déverrouillée)</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <location filename="../gui/download/queue_view.py" line="39"/>
        <source>Download</source>
        <translation>Télécharger</translation>
    </message>
    <message>
        <location filename="../gui/download/queue_view.py" line="40"/>
        <source>Download the chosen file (a split archive as one item) into the download folder</source>
        <translation>Télécharger le fichier choisi (une archive en plusieurs volumes comme un seul élément) dans le dossier de téléchargement</translation>
    </message>
    <message>
        <location filename="../gui/download/queue_view.py" line="42"/>
        <source>Open without downloading</source>
        <translation>Ouvrir sans télécharger</translation>
    </message>
    <message>
        <location filename="../gui/download/queue_view.py" line="43"/>
        <source>Open the edition&apos;s streamable FlatGeobuf copy over HTTP. GDAL reads it with its own HTTP client: QGIS&apos;s proxy settings and authentication configurations do not apply.</source>
        <translation>Ouvrir par HTTP la copie FlatGeobuf diffusable de l’édition. GDAL la lit avec son propre client HTTP : les réglages de proxy et les configurations d’authentification de QGIS ne s’y appliquent pas.</translation>
    </message>
    <message>
        <location filename="../gui/download/queue_view.py" line="46"/>
        <source>Add the layers</source>
        <translation>Ajouter les couches</translation>
    </message>
    <message>
        <location filename="../gui/download/queue_view.py" line="47"/>
        <source>Cancel the download</source>
        <translation>Annuler le téléchargement</translation>
    </message>
    <message>
        <location filename="../gui/download/queue_view.py" line="57"/>
        <source>Download folder</source>
        <translation>Dossier de téléchargement</translation>
    </message>
    <message>
        <location filename="../gui/download/queue_view.py" line="61"/>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <location filename="../gui/download/queue_view.py" line="61"/>
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <location filename="../gui/download/queue_view.py" line="61"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../gui/download/queue_view.py" line="104"/>
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
    <message>
        <location filename="../gui/download/queue_view.py" line="104"/>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <location filename="../gui/download/queue_view.py" line="105"/>
        <source>Failed: {0}</source>
        <translation>Échec : {0}</translation>
    </message>
    <message>
        <location filename="../gui/download/queue_view.py" line="106"/>
        <source>Done, MD5 checked</source>
        <translation>Terminé, MD5 vérifié</translation>
    </message>
    <message>
        <location filename="../gui/download/queue_view.py" line="107"/>
        <source>Done (no MD5 to check)</source>
        <translation>Terminé (pas de MD5 à vérifier)</translation>
    </message>
    <message>
        <location filename="../gui/download/queue_view.py" line="109"/>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <location filename="../gui/download/queue_view.py" line="111"/>
        <source>(resumed {0}×)</source>
        <translation>(repris {0}×)</translation>
    </message>
</context>
<context>
    <name>RefreshTask</name>
    <message>
        <location filename="../core/catalog/qgis_side/catalog_store.py" line="98"/>
        <source>Refreshing the Géoplateforme catalogue</source>
        <translation>Actualisation du catalogue de la Géoplateforme</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <location filename="../gui/download/results_view.py" line="27"/>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <location filename="../gui/download/results_view.py" line="27"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <location filename="../gui/download/search_bar.py" line="40"/>
        <source>Search the resources…</source>
        <translation>Chercher une ressource…</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="46"/>
        <source>Filters</source>
        <translation>Filtres</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="56"/>
        <source>Any zone: département, région…</source>
        <translation>Toute zone : département, région…</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="64"/>
        <source>Any format</source>
        <translation>Tout format</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="70"/>
        <source>Any CRS</source>
        <translation>Tout SCR</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="71"/>
        <source>from</source>
        <translation>du</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="72"/>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="80"/>
        <source>Covering the map view</source>
        <translation>Couvrant la vue de la carte</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="81"/>
        <source>Only what covers the map view</source>
        <translation>Seulement ce qui couvre la vue de la carte</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="82"/>
        <source>Restricted, with my key</source>
        <translation>Restreintes, avec ma clé</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="83"/>
        <source>Restricted resources, with my key</source>
        <translation>Ressources restreintes, avec ma clé</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="88"/>
        <source>Zone</source>
        <translation>Zone</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="89"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="90"/>
        <source>CRS</source>
        <translation>SCR</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="91"/>
        <source>Edition date</source>
        <translation>Date d'édition</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="135"/>
        <source>Unknown zone: {0}</source>
        <translation>Zone inconnue : {0}</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="136"/>
        <source>Not an EPSG code: {0}</source>
        <translation>Ce n'est pas un code EPSG : {0}</translation>
    </message>
    <message>
        <location filename="../gui/download/search_bar.py" line="137"/>
        <source>The edition date range is empty.</source>
        <translation>L'intervalle de dates d'édition est vide.</translation>
    </message>
</context>
<context>
    <name>ServerFormAction</name>
    <message>
        <location filename="../gui/keys/server_form_action.py" line="25"/>
        <source>“{0}” left as it was: {1}.</source>
        <translation>« {0} » laissée telle quelle : {1}.</translation>
    </message>
    <message>
        <location filename="../gui/keys/server_form_action.py" line="32"/>
        <source>Select the restricted Géoplateforme layers to publish in the Layers panel first.</source>
        <translation>Sélectionnez d'abord dans le panneau Couches les couches Géoplateforme restreintes à publier.</translation>
    </message>
    <message>
        <location filename="../gui/keys/server_form_action.py" line="37"/>
        <source>Key in the address (QGIS Server)</source>
        <translation>Clé dans l'adresse (QGIS Server)</translation>
    </message>
    <message>
        <location filename="../gui/keys/server_form_action.py" line="37"/>
        <source>QGIS Server and Lizmap cannot use QGIS&apos;s authentication database. This writes the HASH key of {0} layer(s) into their address: the key is then stored in clear in the project file, visible to anyone who reads it or the published service&apos;s configuration. Continue?</source>
        <translation>QGIS Server et Lizmap ne peuvent pas utiliser la base d'authentification de QGIS. Cette action écrit la clé HASH de {0} couche(s) dans leur adresse : la clé est alors stockée en clair dans le fichier du projet, visible par quiconque le lit ou lit la configuration du service publié. Continuer ?</translation>
    </message>
    <message>
        <location filename="../gui/keys/server_form_action.py" line="51"/>
        <source>Key written into the address of: {0}.</source>
        <translation>Clé écrite dans l'adresse de : {0}.</translation>
    </message>
    <message>
        <location filename="../gui/keys/server_form_action.py" line="59"/>
        <source>Key back in QGIS&apos;s authentication database for: {0}.</source>
        <translation>Clé remise dans la base d'authentification de QGIS pour : {0}.</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <location filename="../core/toolbelt/qgis_side/tasks.py" line="30"/>
        <source>unexpected error: {0}</source>
        <translation>erreur inattendue : {0}</translation>
    </message>
</context>
<context>
    <name>Unpack</name>
    <message>
        <location filename="../core/download/qgis_side/unpack.py" line="77"/>
        <source>The archive holds a file named “{0}” that would be written outside the folder it is unpacked into: nothing was unpacked.</source>
        <translation>L’archive contient un fichier nommé « {0} » qui serait écrit hors du dossier de décompression : rien n’a été décompressé.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/unpack.py" line="252"/>
        <source>No file {0}.</source>
        <translation>Aucun fichier {0}.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/unpack.py" line="286"/>
        <source>{0} is not a .zip or .7z archive.</source>
        <translation>{0} n’est pas une archive .zip ou .7z.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/unpack.py" line="364"/>
        <source>The archive holds a link, “{0}”: nothing was unpacked.</source>
        <translation>L’archive contient un lien, « {0} » : rien n’a été décompressé.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/unpack.py" line="309"/>
        <source>{0} is not a readable .zip archive: {1}</source>
        <translation>{0} n’est pas une archive .zip lisible : {1}</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/unpack.py" line="344"/>
        <source>GDAL could not read “{0}” in {1}.</source>
        <translation>GDAL n’a pas pu lire « {0} » dans {1}.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/unpack.py" line="435"/>
        <source>py7zr could not unpack {0}: {1}</source>
        <translation>py7zr n’a pas pu décompresser {0} : {1}</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/unpack.py" line="455"/>
        <source>7-Zip could not read {0}.</source>
        <translation>7-Zip n’a pas pu lire {0}.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/unpack.py" line="466"/>
        <source>7-Zip could not unpack {0}.</source>
        <translation>7-Zip n’a pas pu décompresser {0}.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/unpack.py" line="172"/>
        <source>{0} says it unpacks to {1} from {2}: more than this plugin unpacks (at most {3} times the archive, {4} in all). Nothing was unpacked.</source>
        <translation>{0} annonce {1} une fois décompressé, pour {2} : plus que ce que l’extension décompresse (au plus {3} fois l’archive, {4} en tout). Rien n’a été décompressé.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/unpack.py" line="179"/>
        <source>Not enough disk space to unpack {0}: {1} needed in {2}, {3} free. Nothing was unpacked.</source>
        <translation>Pas assez de place sur le disque pour décompresser {0} : {1} nécessaires dans {2}, {3} libres. Rien n’a été décompressé.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/unpack.py" line="188"/>
        <source>The disk is full: {0} could not be written ({1}). What was unpacked was removed.</source>
        <translation>Le disque est plein : {0} n’a pas pu être écrit ({1}). Ce qui avait été décompressé a été supprimé.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/unpack.py" line="190"/>
        <source>{0} could not be written ({1}). What was unpacked was removed.</source>
        <translation>{0} n’a pas pu être écrit ({1}). Ce qui avait été décompressé a été supprimé.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/unpack.py" line="195"/>
        <source>“{0}” holds more than its declared size: the archive is damaged or hostile. What was unpacked was removed.</source>
        <translation>« {0} » contient plus que sa taille déclarée : l’archive est abîmée ou malveillante. Ce qui avait été décompressé a été supprimé.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/unpack.py" line="279"/>
        <source>Nothing in this QGIS can open a .7z archive (GDAL has no /vsi7z/ before 3.7, py7zr is not installed, no 7z program was found). The downloaded file is {0}: open it with 7-Zip, or install py7zr or 7-Zip (p7zip), then unpack it again. On Windows, QGIS from OSGeo4W with GDAL 3.10.3 or newer opens .7z itself; otherwise install 7-Zip from 7-zip.org, which the plugin finds in its usual folder.</source>
        <translation>Rien dans ce QGIS ne sait ouvrir une archive .7z (GDAL n’a pas /vsi7z/ avant 3.7, py7zr n’est pas installé, aucun programme 7z trouvé). Le fichier téléchargé est {0} : ouvrez-le avec 7-Zip, ou installez py7zr ou 7-Zip (p7zip), puis décompressez-le à nouveau. Sous Windows, QGIS installé avec OSGeo4W et GDAL 3.10.3 ou plus récent ouvre lui-même les .7z ; sinon installez 7-Zip depuis 7-zip.org, que l’extension trouve dans son dossier habituel.</translation>
    </message>
    <message>
        <location filename="../core/download/qgis_side/unpack.py" line="322"/>
        <source>GDAL could not read {0} (a damaged archive, or member names it refuses). Nothing was unpacked.</source>
        <translation>GDAL n’a pas pu lire {0} (une archive abîmée, ou des noms de membres qu’il refuse). Rien n’a été décompressé.</translation>
    </message>
</context>
</TS>

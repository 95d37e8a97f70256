<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>BasculeGeoplateformePlugin</name>
    <message>
        <location filename="../plugin.py" line="54"/>
        <source>Bascule Géoplateforme</source>
        <translation>Bascule Géoplateforme</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="88"/>
        <source>Help</source>
        <translation>Aide</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="88"/>
        <source>Open the Bascule Géoplateforme documentation</source>
        <translation>Ouvrir la documentation de Bascule Géoplateforme</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="84"/>
        <source>Migrate the project…</source>
        <translation>Migrer le projet…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="84"/>
        <source>Rewrite the old Géoportail (wxs.ign.fr) sources of this project to the Géoplateforme</source>
        <translation>Réécrire vers la Géoplateforme les sources de l'ancien Géoportail (wxs.ign.fr) de ce projet</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="147"/>
        <source>Géoplateforme</source>
        <translation>Géoplateforme</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="147"/>
        <source>{0} layer(s) of this project still use the old Géoportail (wxs.ign.fr), which no longer answers.</source>
        <translation>{0} couche(s) de ce projet utilisent encore l'ancien Géoportail (wxs.ign.fr), qui ne répond plus.</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="151"/>
        <source>Migrate…</source>
        <translation>Migrer…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="76"/>
        <source>Géoplateforme catalogue</source>
        <translation>Catalogue de la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="76"/>
        <source>Browse, search and add the Géoplateforme layers</source>
        <translation>Parcourir, chercher et ajouter les couches de la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="80"/>
        <source>Géoplateforme downloads</source>
        <translation>Téléchargement Géoplateforme</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="80"/>
        <source>Browse the Géoplateforme download service: products, editions, files</source>
        <translation>Parcourir le service de téléchargement de la Géoplateforme : produits, éditions, fichiers</translation>
    </message>
</context>
<context>
    <name>BasculeProvider</name>
    <message>
        <location filename="../core/processing/provider.py" line="19"/>
        <source>Bascule Géoplateforme</source>
        <translation>Bascule Géoplateforme</translation>
    </message>
</context>
<context>
    <name>CatalogDock</name>
    <message>
        <location filename="../gui/dock.py" line="261"/>
        <source>Géoplateforme catalogue</source>
        <translation>Catalogue de la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="282"/>
        <source>Search layers (title, name, keyword)…</source>
        <translation>Chercher une couche (titre, nom, mot-clé)…</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="285"/>
        <source>All layers</source>
        <translation>Toutes les couches</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="285"/>
        <source>Open data</source>
        <translation>Données libres</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="285"/>
        <source>Restricted (key needed)</source>
        <translation>Restreintes (clé nécessaire)</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="679"/>
        <source>Add to map</source>
        <translation>Ajouter à la carte</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="351"/>
        <source>Refresh the catalogue</source>
        <translation>Actualiser le catalogue</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="353"/>
        <source>Cancel the refresh</source>
        <translation>Annuler l'actualisation</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="429"/>
        <source>Catalogue</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="439"/>
        <source>{0} layers</source>
        <translation>{0} couches</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="439"/>
        <source>{0} of {1} layers</source>
        <translation>{0} couches sur {1}</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="441"/>
        <source>from {0}</source>
        <translation>depuis {0}</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="444"/>
        <source>refreshed {0}</source>
        <translation>actualisé le {0}</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="446"/>
        <source>refreshing…</source>
        <translation>actualisation…</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="502"/>
        <source>&lt;p&gt;Select a layer to see its description.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Sélectionnez une couche pour voir sa description.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="509"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="510"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="510"/>
        <source>restricted (key needed)</source>
        <translation>restreinte (clé nécessaire)</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="513"/>
        <source>Theme</source>
        <translation>Thème</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="515"/>
        <source>Keywords</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="517"/>
        <source>CRS</source>
        <translation>SCR</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="519"/>
        <source>Formats</source>
        <translation>Formats</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="522"/>
        <source>Styles</source>
        <translation>Styles</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="524"/>
        <source>Tile matrix sets</source>
        <translation>Pyramides de tuiles</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="527"/>
        <source>Zoom levels</source>
        <translation>Niveaux de zoom</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="529"/>
        <source>Extent (WGS 84)</source>
        <translation>Emprise (WGS 84)</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="532"/>
        <source>Metadata</source>
        <translation>Métadonnées</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="606"/>
        <source>Layer not added</source>
        <translation>Couche non ajoutée</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="617"/>
        <source>Layer added</source>
        <translation>Couche ajoutée</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="622"/>
        <source>Style not applied</source>
        <translation>Style non appliqué</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="660"/>
        <source>Filter</source>
        <translation>Filtre</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="682"/>
        <source>Add with another key…</source>
        <translation>Ajouter avec une autre clé…</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="685"/>
        <source>Copy data source</source>
        <translation>Copier la source de données</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="436"/>
        <source>the Géoplateforme</source>
        <translation>la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="437"/>
        <source>the cache</source>
        <translation>le cache</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="437"/>
        <source>the bundled snapshot</source>
        <translation>l'instantané fourni avec l'extension</translation>
    </message>
</context>
<context>
    <name>CatalogModel</name>
    <message>
        <location filename="../gui/catalog_model.py" line="45"/>
        <source>Layer</source>
        <translation>Couche</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="45"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="50"/>
        <source>Vector tiles</source>
        <translation>Tuiles vectorielles</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="54"/>
        <source>Administrative units</source>
        <translation>Limites administratives</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="54"/>
        <source>Addresses</source>
        <translation>Adresses</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="55"/>
        <source>Agriculture</source>
        <translation>Agriculture</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="55"/>
        <source>Elevation</source>
        <translation>Altimétrie</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="56"/>
        <source>Maps</source>
        <translation>Cartes</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="56"/>
        <source>Vector maps</source>
        <translation>Cartographie vectorielle</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="57"/>
        <source>Economy</source>
        <translation>Économie</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="58"/>
        <source>Renewable energy</source>
        <translation>Énergies renouvelables</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="58"/>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="59"/>
        <source>Forest</source>
        <translation>Forêt</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="59"/>
        <source>Geodesy</source>
        <translation>Géodésie</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="60"/>
        <source>Land cover (OCS GE)</source>
        <translation>Occupation du sol (OCS GE)</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="61"/>
        <source>Land cover (OCS GE, new generation)</source>
        <translation>Occupation du sol (OCS GE, nouvelle génération)</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="62"/>
        <source>Orthoimagery</source>
        <translation>Ortho-imagerie</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="62"/>
        <source>Historical orthoimagery</source>
        <translation>Ortho-imagerie historique</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="63"/>
        <source>Cadastral parcels</source>
        <translation>Parcelles cadastrales</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="63"/>
        <source>Satellite imagery</source>
        <translation>Imagerie satellite</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="64"/>
        <source>Soil</source>
        <translation>Sols</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="64"/>
        <source>Topography</source>
        <translation>Topographie</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="65"/>
        <source>Transport</source>
        <translation>Transports</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="97"/>
        <source>Other layers</source>
        <translation>Autres couches</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="115"/>
        <source>{0} layers</source>
        <translation>{0} couches</translation>
    </message>
    <message>
        <location filename="../gui/catalog_model.py" line="131"/>
        <source>Restricted: needs a Géoplateforme key</source>
        <translation>Restreinte : nécessite une clé Géoplateforme</translation>
    </message>
</context>
<context>
    <name>CatalogStore</name>
    <message>
        <location filename="../core/catalog_store.py" line="210"/>
        <source>Ignoring the catalogue cache: {0}</source>
        <translation>Cache du catalogue ignoré : {0}</translation>
    </message>
    <message>
        <location filename="../core/catalog_store.py" line="266"/>
        <source>Refresh cancelled.</source>
        <translation>Actualisation annulée.</translation>
    </message>
    <message>
        <location filename="../core/catalog_store.py" line="272"/>
        <source>no answer</source>
        <translation>aucune réponse</translation>
    </message>
    <message>
        <location filename="../core/catalog_store.py" line="273"/>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <location filename="../core/catalog_store.py" line="274"/>
        <source>Could not reach the Géoplateforme ({0}). Showing the {1} catalogue (last refreshed: {2}).</source>
        <translation>Géoplateforme injoignable ({0}). Affichage du catalogue {1} (dernière actualisation : {2}).</translation>
    </message>
    <message>
        <location filename="../core/catalog_store.py" line="291"/>
        <source>Could not write the catalogue cache: {0}</source>
        <translation>Impossible d'écrire le cache du catalogue : {0}</translation>
    </message>
    <message>
        <location filename="../core/catalog_store.py" line="293"/>
        <source>Catalogue refreshed: {0} layers.</source>
        <translation>Catalogue actualisé : {0} couches.</translation>
    </message>
    <message>
        <location filename="../core/catalog_store.py" line="293"/>
        <source>Catalogue partly refreshed ({0} layers); failed: {1}</source>
        <translation>Catalogue actualisé en partie ({0} couches) ; échecs : {1}</translation>
    </message>
    <message>
        <location filename="../core/catalog_store.py" line="300"/>
        <source>cached</source>
        <translation>en cache</translation>
    </message>
    <message>
        <location filename="../core/catalog_store.py" line="300"/>
        <source>live</source>
        <translation>en direct</translation>
    </message>
    <message>
        <location filename="../core/catalog_store.py" line="300"/>
        <source>bundled</source>
        <translation>fourni avec l'extension</translation>
    </message>
    <message>
        <location filename="../core/catalog_store.py" line="84"/>
        <source>network error</source>
        <translation>erreur réseau</translation>
    </message>
</context>
<context>
    <name>DownloadClient</name>
    <message>
        <location filename="../core/download/client.py" line="86"/>
        <source>the download service refused the key (HTTP 401). It takes HASH keys; whether it takes login/password keys is not documented.</source>
        <translation>le service de téléchargement a refusé la clé (HTTP 401). Il accepte les clés HASH ; qu'il accepte les clés identifiant/mot de passe n'est pas documenté.</translation>
    </message>
    <message>
        <location filename="../core/download/client.py" line="90"/>
        <source>this resource needs a Géoplateforme key (HTTP 401)</source>
        <translation>cette ressource demande une clé Géoplateforme (HTTP 401)</translation>
    </message>
    <message>
        <location filename="../core/download/client.py" line="92"/>
        <source>access refused (HTTP 403): check the Géoplateforme key</source>
        <translation>accès refusé (HTTP 403) : vérifiez la clé Géoplateforme</translation>
    </message>
    <message>
        <location filename="../core/download/client.py" line="94"/>
        <source>not found on the download service (HTTP 404)</source>
        <translation>introuvable sur le service de téléchargement (HTTP 404)</translation>
    </message>
    <message>
        <location filename="../core/download/client.py" line="96"/>
        <source>too many requests (HTTP 429), still refused after waiting</source>
        <translation>trop de requêtes (HTTP 429), toujours refusées après attente</translation>
    </message>
    <message>
        <location filename="../core/download/client.py" line="98"/>
        <source>the server answered HTTP {0}</source>
        <translation>le serveur a répondu HTTP {0}</translation>
    </message>
    <message>
        <location filename="../core/download/client.py" line="99"/>
        <source>network error</source>
        <translation>erreur réseau</translation>
    </message>
    <message>
        <location filename="../core/download/client.py" line="132"/>
        <source>unexpected error: {0}</source>
        <translation>erreur inattendue : {0}</translation>
    </message>
</context>
<context>
    <name>DownloadPanel</name>
    <message>
        <location filename="../gui/download_panel.py" line="72"/>
        <source>Géoplateforme downloads</source>
        <translation>Téléchargement Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="89"/>
        <source>Search the resources…</source>
        <translation>Chercher une ressource…</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="95"/>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="95"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="114"/>
        <source>Edition or file</source>
        <translation>Édition ou fichier</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="183"/>
        <source>Zone</source>
        <translation>Zone</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="184"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="185"/>
        <source>CRS</source>
        <translation>SCR</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="186"/>
        <source>Edition date</source>
        <translation>Date d'édition</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="114"/>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="138"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="148"/>
        <source>Filters</source>
        <translation>Filtres</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="155"/>
        <source>Any zone: département, région…</source>
        <translation>Toute zone : département, région…</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="163"/>
        <source>Any format</source>
        <translation>Tout format</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="169"/>
        <source>Any CRS</source>
        <translation>Tout SCR</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="170"/>
        <source>from</source>
        <translation>du</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="171"/>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="177"/>
        <source>Only what covers the map view</source>
        <translation>Seulement ce qui couvre la vue de la carte</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="178"/>
        <source>Restricted resources, with my key</source>
        <translation>Ressources restreintes, avec ma clé</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="216"/>
        <source>Unknown zone: {0}</source>
        <translation>Zone inconnue : {0}</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="221"/>
        <source>Not an EPSG code: {0}</source>
        <translation>Ce n'est pas un code EPSG : {0}</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="229"/>
        <source>The edition date range is empty.</source>
        <translation>L'intervalle de dates d'édition est vide.</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="277"/>
        <source>Choose the key (an authentication configuration) that gives access to the restricted resources.</source>
        <translation>Choisissez la clé (une configuration d'authentification) qui donne accès aux ressources restreintes.</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="282"/>
        <source>Listing the Géoplateforme downloads</source>
        <translation>Liste des téléchargements de la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="293"/>
        <source>Listing the resources…</source>
        <translation>Liste des ressources…</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="317"/>
        <source>The download service could not be listed: {0}</source>
        <translation>Le service de téléchargement n'a pas pu être listé : {0}</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="334"/>
        <source>{0} of {1} resources match the search.</source>
        <translation>{0} ressources sur {1} correspondent à la recherche.</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="336"/>
        <source>{0} of {1} resources listed.</source>
        <translation>{0} ressources listées sur {1}.</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="395"/>
        <source>Listing the editions of {0}</source>
        <translation>Liste des éditions de {0}</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="403"/>
        <source>Listing the editions of {0}…</source>
        <translation>Liste des éditions de {0}…</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="410"/>
        <source>Licence: {0}</source>
        <translation>Licence : {0}</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="410"/>
        <source>Licence: not stated by the download service</source>
        <translation>Licence : non indiquée par le service de téléchargement</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="413"/>
        <source>Formats: {0}</source>
        <translation>Formats : {0}</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="415"/>
        <source>CRS: {0}</source>
        <translation>SCR : {0}</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="425"/>
        <source>The editions of {0} could not be listed: {1}</source>
        <translation>Les éditions de {0} n'ont pas pu être listées : {1}</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="431"/>
        <source>{0}: {1} of {2} editions listed.</source>
        <translation>{0} : {1} éditions listées sur {2}.</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="460"/>
        <source>Listing the files of {0}</source>
        <translation>Liste des fichiers de {0}</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="467"/>
        <source>Listing the files of {0}…</source>
        <translation>Liste des fichiers de {0}…</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="477"/>
        <source>The files could not be listed: {0}</source>
        <translation>Les fichiers n'ont pas pu être listés : {0}</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="483"/>
        <source>{0} ({1} volumes)</source>
        <translation>{0} ({1} volumes)</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="494"/>
        <source>{0}: {1} files.</source>
        <translation>{0} : {1} fichiers.</translation>
    </message>
    <message>
        <location filename="../gui/download_panel.py" line="504"/>
        <source>MD5: {0}</source>
        <translation>MD5 : {0}</translation>
    </message>
</context>
<context>
    <name>FeedListing</name>
    <message>
        <location filename="../core/download/client.py" line="188"/>
        <source>Listing the Géoplateforme downloads</source>
        <translation>Liste des téléchargements de la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../core/download/client.py" line="237"/>
        <source>Listing cancelled.</source>
        <translation>Liste annulée.</translation>
    </message>
</context>
<context>
    <name>Keys</name>
    <message>
        <location filename="../core/auth.py" line="32"/>
        <source>This QGIS cannot send a HASH key: the “API header” authentication method needs QGIS 3.24 or later. Use a login/password key (Basic), or upgrade QGIS.</source>
        <translation>Ce QGIS ne peut pas envoyer de clé HASH : la méthode d'authentification « API header » demande QGIS 3.24 ou plus récent. Utilisez une clé identifiant/mot de passe (Basic), ou mettez QGIS à jour.</translation>
    </message>
    <message>
        <location filename="../core/auth.py" line="47"/>
        <source>QGIS&apos;s authentication system is disabled: {0}</source>
        <translation>Le système d'authentification de QGIS est désactivé : {0}</translation>
    </message>
    <message>
        <location filename="../core/auth.py" line="57"/>
        <source>QGIS could not store the key “{0}” in its authentication database (is the master password set?).</source>
        <translation>QGIS n'a pas pu enregistrer la clé « {0} » dans sa base d'authentification (le mot de passe principal est-il défini ?).</translation>
    </message>
</context>
<context>
    <name>LayerOptionsPanel</name>
    <message>
        <location filename="../gui/dock.py" line="117"/>
        <source>Options</source>
        <translation>Options</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="127"/>
        <source>Only features in the current view</source>
        <translation>Seulement les objets de la vue courante</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="128"/>
        <source>Filter…</source>
        <translation>Filtrer…</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="140"/>
        <source>Tile matrix set</source>
        <translation>Pyramide de tuiles</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="140"/>
        <source>CRS</source>
        <translation>SCR</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="140"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="140"/>
        <source>Style</source>
        <translation>Style</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="219"/>
        <source>No filter</source>
        <translation>Aucun filtre</translation>
    </message>
</context>
<context>
    <name>Layers</name>
    <message>
        <location filename="../core/layers.py" line="169"/>
        <source>“{0}” is restricted: choose a Géoplateforme key (an authentication configuration) to add it.</source>
        <translation>« {0} » est restreinte : choisissez une clé Géoplateforme (une configuration d'authentification) pour l'ajouter.</translation>
    </message>
    <message>
        <location filename="../core/layers.py" line="183"/>
        <source>the service did not answer as expected</source>
        <translation>le service n'a pas répondu comme prévu</translation>
    </message>
    <message>
        <location filename="../core/layers.py" line="185"/>
        <source> Check the key and its rights.</source>
        <translation> Vérifiez la clé et ses droits.</translation>
    </message>
    <message>
        <location filename="../core/layers.py" line="186"/>
        <source>Could not add “{0}” ({1}): {2}.</source>
        <translation>Impossible d'ajouter « {0} » ({1}) : {2}.</translation>
    </message>
    <message>
        <location filename="../core/layers.py" line="190"/>
        <source>The filter of “{0}” is not valid: {1}</source>
        <translation>Le filtre de « {0} » n'est pas valide : {1}</translation>
    </message>
    <message>
        <location filename="../core/layers.py" line="209"/>
        <source>Could not read the vector tile style: {0}</source>
        <translation>Impossible de lire le style des tuiles vectorielles : {0}</translation>
    </message>
    <message>
        <location filename="../core/layers.py" line="225"/>
        <source>Loading a vector tile style</source>
        <translation>Chargement d'un style de tuiles vectorielles</translation>
    </message>
    <message>
        <location filename="../core/layers.py" line="267"/>
        <source>Could not load the style {0}: {1}</source>
        <translation>Impossible de charger le style {0} : {1}</translation>
    </message>
    <message>
        <location filename="../core/layers.py" line="267"/>
        <source>cancelled</source>
        <translation>annulé</translation>
    </message>
    <message>
        <location filename="../core/layers.py" line="280"/>
        <source>Style {0}: {1} parts could not be converted.</source>
        <translation>Style {0} : {1} éléments n'ont pas pu être convertis.</translation>
    </message>
</context>
<context>
    <name>LiveMigration</name>
    <message>
        <location filename="../core/live_migration.py" line="161"/>
        <source>the layer is no longer in the project</source>
        <translation>la couche n'est plus dans le projet</translation>
    </message>
</context>
<context>
    <name>MigrateProjectFileAlgorithm</name>
    <message>
        <location filename="../core/processing/migrate_project.py" line="33"/>
        <source>Migrate a project file to the Géoplateforme</source>
        <translation>Migrer un fichier de projet vers la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../core/processing/migrate_project.py" line="36"/>
        <source>Rewrites the old Géoportail (wxs.ign.fr) layer sources of a QGIS project (.qgs, .qgz) or layer definition (.qlr) to the Géoplateforme (data.geopf.fr), without opening it. Other layers and archive members are left as they are. Run it as a batch process to migrate many files.</source>
        <translation>Réécrit vers la Géoplateforme (data.geopf.fr) les sources de couches de l'ancien Géoportail (wxs.ign.fr) d'un projet QGIS (.qgs, .qgz) ou d'une définition de couche (.qlr), sans l'ouvrir. Les autres couches et les autres fichiers de l'archive restent tels quels. Lancez-le en traitement par lot pour migrer de nombreux fichiers.</translation>
    </message>
    <message>
        <location filename="../core/processing/migrate_project.py" line="46"/>
        <source>Project file</source>
        <translation>Fichier de projet</translation>
    </message>
    <message>
        <location filename="../core/processing/migrate_project.py" line="49"/>
        <source>Keep a backup copy (&lt;file&gt;.bak)</source>
        <translation>Garder une copie de sauvegarde (&lt;fichier&gt;.bak)</translation>
    </message>
    <message>
        <location filename="../core/processing/migrate_project.py" line="51"/>
        <source>Only report, change nothing</source>
        <translation>Rapport seulement, sans rien modifier</translation>
    </message>
    <message>
        <location filename="../core/processing/migrate_project.py" line="53"/>
        <source>Migrated copy (leave empty to rewrite the file itself)</source>
        <translation>Copie migrée (laisser vide pour réécrire le fichier lui-même)</translation>
    </message>
    <message>
        <location filename="../core/processing/migrate_project.py" line="56"/>
        <source>Report</source>
        <translation>Rapport</translation>
    </message>
    <message>
        <location filename="../core/processing/migrate_project.py" line="59"/>
        <source>Sources changed</source>
        <translation>Sources modifiées</translation>
    </message>
</context>
<context>
    <name>MigrationDialog</name>
    <message>
        <location filename="../gui/migration_dialog.py" line="132"/>
        <source>Migrate the project to the Géoplateforme</source>
        <translation>Migrer le projet vers la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="147"/>
        <source>Show:</source>
        <translation>Afficher :</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="149"/>
        <source>All layers</source>
        <translation>Toutes les couches</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="181"/>
        <source>Restricted layers (SCAN 25, SCAN 100, SCAN OACI…) need a Géoplateforme key: create one on &lt;a href='{0}'&gt;cartes.gouv.fr&lt;/a&gt;, then choose or add its QGIS authentication configuration here.</source>
        <translation>Les couches restreintes (SCAN 25, SCAN 100, SCAN OACI…) demandent une clé Géoplateforme : créez-en une sur &lt;a href='{0}'&gt;cartes.gouv.fr&lt;/a&gt;, puis choisissez ou ajoutez ici sa configuration d'authentification QGIS.</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="193"/>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="194"/>
        <source>Revert</source>
        <translation>Annuler la migration</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="195"/>
        <source>Add the vector tile replacement</source>
        <translation>Ajouter la couche de tuiles vectorielles de remplacement</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="197"/>
        <source>Export report…</source>
        <translation>Exporter le rapport…</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="261"/>
        <source>Restricted layers</source>
        <translation>Couches restreintes</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="261"/>
        <source>{0} restricted layer(s) will be migrated without an authentication configuration: they stay empty until you attach one.</source>
        <translation>{0} couche(s) restreinte(s) seront migrées sans configuration d'authentification : elles resteront vides tant que vous n'en associerez pas une.</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="272"/>
        <source>{0} layer(s) migrated.</source>
        <translation>{0} couche(s) migrée(s).</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="274"/>
        <source>Not reachable now: {0}.</source>
        <translation>Injoignable(s) pour l'instant : {0}.</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="284"/>
        <source>{0} layer(s) put back as they were.</source>
        <translation>{0} couche(s) remise(s) dans leur état d'origine.</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="296"/>
        <source>Vector tiles</source>
        <translation>Tuiles vectorielles</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="296"/>
        <source>The replacement layer could not be loaded.</source>
        <translation>La couche de remplacement n'a pas pu être chargée.</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="311"/>
        <source>Added {0} above {1}.</source>
        <translation>{0} ajoutée au-dessus de {1}.</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="318"/>
        <source>Export the migration report</source>
        <translation>Exporter le rapport de migration</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="318"/>
        <source>HTML report (*.html);;CSV table (*.csv)</source>
        <translation>Rapport HTML (*.html);;Tableau CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="328"/>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="328"/>
        <source>Report written to {0}</source>
        <translation>Rapport écrit dans {0}</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="333"/>
        <source>Géoplateforme</source>
        <translation>Géoplateforme</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="248"/>
        <source>Before:</source>
        <translation>Avant :</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="248"/>
        <source>After:</source>
        <translation>Après :</translation>
    </message>
</context>
<context>
    <name>PlanModel</name>
    <message>
        <location filename="../gui/migration_dialog.py" line="50"/>
        <source>Layer</source>
        <translation>Couche</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="50"/>
        <source>Group</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="50"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="50"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../gui/migration_dialog.py" line="51"/>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
</context>
<context>
    <name>RefreshTask</name>
    <message>
        <location filename="../core/catalog_store.py" line="92"/>
        <source>Refreshing the Géoplateforme catalogue</source>
        <translation>Actualisation du catalogue de la Géoplateforme</translation>
    </message>
    <message>
        <location filename="../core/catalog_store.py" line="142"/>
        <source>access refused (HTTP {0}): check the Géoplateforme key</source>
        <translation>accès refusé (HTTP {0}) : vérifiez la clé Géoplateforme</translation>
    </message>
    <message>
        <location filename="../core/catalog_store.py" line="144"/>
        <source>too many requests (HTTP 429): try again later</source>
        <translation>trop de requêtes (HTTP 429) : réessayez plus tard</translation>
    </message>
    <message>
        <location filename="../core/catalog_store.py" line="146"/>
        <source>the server answered HTTP {0}</source>
        <translation>le serveur a répondu HTTP {0}</translation>
    </message>
    <message>
        <location filename="../core/catalog_store.py" line="110"/>
        <source>unexpected error: {0}</source>
        <translation>erreur inattendue : {0}</translation>
    </message>
</context>
<context>
    <name>RestrictedAccessDialog</name>
    <message>
        <location filename="../gui/dock.py" line="72"/>
        <source>Restricted layer</source>
        <translation>Couche restreinte</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="93"/>
        <source>Use this configuration for every restricted layer</source>
        <translation>Utiliser cette configuration pour toutes les couches restreintes</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="73"/>
        <source>&lt;p&gt;&lt;b&gt;{0}&lt;/b&gt; is restricted data: the Géoplateforme serves it only with a key.&lt;/p&gt;&lt;p&gt;To get one, sign in on &lt;a href='{1}'&gt;cartes.gouv.fr&lt;/a&gt;, ask for access to the data (for the SCAN maps, join their space), then create a key in your account. A key of type &lt;i&gt;BASIC&lt;/i&gt; (login and password) works in every QGIS version: store it below as a &lt;i&gt;Basic&lt;/i&gt; authentication configuration.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;{0}&lt;/b&gt; est une donnée restreinte : la Géoplateforme ne la sert qu'avec une clé.&lt;/p&gt;&lt;p&gt;Pour en obtenir une, connectez-vous sur &lt;a href='{1}'&gt;cartes.gouv.fr&lt;/a&gt;, demandez l'accès aux données (pour les cartes SCAN, rejoignez leur espace), puis créez une clé dans votre compte. Une clé de type &lt;i&gt;BASIC&lt;/i&gt; (identifiant et mot de passe) fonctionne dans toutes les versions de QGIS : enregistrez-la ci-dessous comme configuration d'authentification &lt;i&gt;Basic&lt;/i&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="73"/>
        <source>&lt;p&gt;A &lt;i&gt;HASH&lt;/i&gt; key: store it as an &lt;i&gt;API header&lt;/i&gt; configuration with the header &lt;tt&gt;apikey&lt;/tt&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Une clé &lt;i&gt;HASH&lt;/i&gt; : enregistrez-la comme configuration &lt;i&gt;API header&lt;/i&gt; avec l'en-tête &lt;tt&gt;apikey&lt;/tt&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="73"/>
        <source>&lt;p&gt;This QGIS cannot use a &lt;i&gt;HASH&lt;/i&gt; key: the &lt;i&gt;API header&lt;/i&gt; authentication it needs came with QGIS 3.24. Use a login/password key here, or upgrade QGIS.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Ce QGIS ne peut pas utiliser de clé &lt;i&gt;HASH&lt;/i&gt; : l'authentification &lt;i&gt;API header&lt;/i&gt; dont elle a besoin est arrivée avec QGIS 3.24. Utilisez ici une clé identifiant/mot de passe, ou mettez QGIS à jour.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../gui/dock.py" line="73"/>
        <source>&lt;p&gt;QGIS keeps the key in its encrypted authentication database; the project only records the configuration&apos;s identifier.&lt;/p&gt;</source>
        <translation>&lt;p&gt;QGIS garde la clé dans sa base d'authentification chiffrée ; le projet n'enregistre que l'identifiant de la configuration.&lt;/p&gt;</translation>
    </message>
</context>
</TS>

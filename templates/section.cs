<?cs def:content() ?>
<h1><?cs var:Page.Title ?></h1>
<p class="lead"><?cs var:Section.Summary ?></p>
<p class="note">This part of Slate is not open yet.</p>
<?cs /def ?>

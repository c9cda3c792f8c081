<?cs def:content() ?>
<h1>Welcome, <?cs var:Session.StaffName ?></h1>
<p class="lead">You are working in <strong><?cs var:Session.StoreName ?></strong> (<?cs var:Session.StoreCode ?>) as <?cs var:Session.Group ?>.</p>
<ul class="tiles">
<?cs each:s = Sections ?>
  <li><a href="<?cs var:s.Path ?>"><span class="tile-title"><?cs var:s.Title ?></span><span class="tile-text"><?cs var:s.Summary ?></span><?cs if:Nav[name(s)].Waiting ?><span class="tile-waiting"><?cs var:Nav[name(s)].Waiting ?> waiting</span><?cs /if ?></a></li>
<?cs /each ?>
</ul>
<?cs /def ?>

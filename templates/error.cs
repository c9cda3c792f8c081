<?cs def:content() ?>
<section class="card narrow">
  <h1><?cs var:Page.Title ?></h1>
  <p><?cs var:Error.Message ?></p>
  <p><a href="/dashboard">Go to the dashboard</a></p>
</section>
<?cs /def ?>

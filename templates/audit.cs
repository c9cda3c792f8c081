<?cs def:filter(name, label, hint) ?>
    <div>
      <label for="f-<?cs var:name ?>"><?cs var:label ?><?cs if:hint ?> <span class="hint"><?cs var:hint ?></span><?cs /if ?></label>
      <input id="f-<?cs var:name ?>" name="<?cs var:name ?>" type="text" value="<?cs var:Filter[name] ?>"<?cs if:Errors[name] ?> aria-invalid="true" aria-describedby="<?cs var:name ?>-error"<?cs /if ?>>
<?cs if:Errors[name] ?>
      <p class="field-error" id="<?cs var:name ?>-error"><?cs var:Errors[name] ?></p>
<?cs /if ?>
    </div>
<?cs /def ?>
<?cs def:content() ?>
<h1>Audit log</h1>
<p class="lead">Who changed what in <?cs var:Session.StoreName ?>, when, before and after. Entries are never changed or removed. Times are in <?cs var:Audit.Zone ?>.</p>
<form method="get" action="/audit" class="filters audit" novalidate>
<?cs call:filter("actor", "Actor", "(name or email)") ?>
<?cs call:filter("action", "Action", "(e.g. staff.)") ?>
<?cs call:filter("object_type", "Object type", "") ?>
<?cs call:filter("object_id", "Object id", "") ?>
<?cs call:filter("from", "From", "(YYYY-MM-DD)") ?>
<?cs call:filter("to", "To", "(YYYY-MM-DD)") ?>
  <button type="submit">Filter</button>
</form>
<?cs if:Audit.Listed ?>
<div class="actions">
  <a class="button" href="<?cs var:Audit.Export ?>">Download CSV</a>
</div>
<?cs if:subcount(Entries) == 0 ?>
<p class="note">No entries match.</p>
<?cs else ?>
<table class="list audit">
  <thead>
    <tr>
      <th scope="col">Time</th>
      <th scope="col">Actor</th>
      <th scope="col">Action</th>
      <th scope="col">Object</th>
      <th scope="col">Changes</th>
      <th scope="col">Approved by</th>
      <th scope="col">Address</th>
    </tr>
  </thead>
  <tbody>
<?cs each:e = Entries ?>
    <tr id="entry-<?cs var:e.Id ?>">
      <td class="when"><time datetime="<?cs var:e.TimeUtc ?>"><?cs var:e.Time ?></time></td>
      <td><span class="badge"><?cs var:e.ActorType ?></span> <?cs var:e.ActorName ?><?cs if:e.ActorDetail ?> <span class="hint"><?cs var:e.ActorDetail ?></span><?cs /if ?></td>
      <td><code><?cs var:e.Action ?></code></td>
      <td><?cs var:e.ObjectType ?> <?cs var:e.ObjectId ?></td>
      <td><?cs if:subcount(e.Changes) > 0 ?><ul class="changes"><?cs each:c = e.Changes ?><li><?cs var:c ?></li><?cs /each ?></ul><?cs /if ?></td>
      <td><?cs var:e.Approver ?></td>
      <td><?cs var:e.Addr ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<?cs if:Pager.Newer || Pager.Older || Pager.Newest ?>
<nav class="pager" aria-label="Pages">
<?cs if:Pager.Newest ?>  <a href="<?cs var:Pager.Newest ?>">Newest</a>
<?cs /if ?><?cs if:Pager.Newer ?>  <a href="<?cs var:Pager.Newer ?>" rel="prev">Newer</a>
<?cs /if ?><?cs if:Pager.Older ?>  <a href="<?cs var:Pager.Older ?>" rel="next">Older</a>
<?cs /if ?></nav>
<?cs /if ?>
<?cs /if ?>
<?cs /def ?>

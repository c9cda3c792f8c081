<?cs def:content() ?>
<h1>Lanes</h1>
<?cs if:Form.Revoked ?>
<p class="notice" role="status">The lane <?cs var:Form.Revoked ?> was revoked. Its token no longer works.</p>
<?cs /if ?>
<div class="actions">
  <a class="button" href="/lanes/new">Register a lane</a>
<?cs if:Exceptions.Open ?>
  <a href="/exceptions">Open exceptions: <?cs var:Exceptions.Open ?></a>
<?cs /if ?>
</div>
<?cs if:subcount(Lanes) == 0 ?>
<p class="note">No lane of this store is registered yet.</p>
<?cs else ?>
<table class="list lanes">
  <caption class="hint">Times are in <?cs var:Zone.Name ?>. "Behind by" counts the accounts changed after the lane's last sync position.</caption>
  <thead>
    <tr>
      <th scope="col">Name</th>
      <th scope="col">Status</th>
      <th scope="col">Registered</th>
      <th scope="col">Last seen</th>
      <th scope="col">Client address</th>
      <th scope="col" class="num">Sync position</th>
      <th scope="col" class="num">Behind by</th>
      <th scope="col">API errors</th>
      <th scope="col"><span class="hint">Action</span></th>
    </tr>
  </thead>
  <tbody>
<?cs each:l = Lanes ?>
    <tr>
      <td><?cs var:l.Name ?></td>
      <td><?cs if:l.Revoked ?><span class="badge off">Revoked</span> <span class="hint"><?cs var:l.Revoked ?></span><?cs else ?><span class="badge">Active</span><?cs /if ?></td>
      <td class="when"><?cs var:l.Created ?></td>
      <td class="when"><?cs if:l.LastSeen ?><?cs var:l.LastSeen ?><?cs else ?><span class="hint">Never</span><?cs /if ?></td>
      <td><?cs if:l.Addr ?><?cs var:l.Addr ?><?cs else ?><span class="hint">None yet</span><?cs /if ?></td>
      <td class="num"><?cs if:l.Synced ?>change <?cs var:l.Position ?><?cs else ?><span class="hint">Not synced yet</span><?cs /if ?></td>
      <td class="num"><?cs var:l.Behind ?> <?cs if:l.Behind == 1 ?>change<?cs else ?>changes<?cs /if ?></td>
      <td><?cs var:l.Errors ?><?cs if:l.LastError ?> <span class="hint">last: <?cs var:l.LastError ?>, <?cs var:l.LastErrorAt ?></span><?cs /if ?></td>
      <td><?cs if:!l.Revoked ?><a href="/lanes/<?cs var:l.Id ?>/revoke">Revoke</a><?cs /if ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
<?cs /if ?>
<?cs /def ?>

<?cs def:content() ?>
<h1>Staff</h1>
<?cs if:Page.Notice ?>
<p class="notice" role="status"><?cs var:Page.Notice ?></p>
<?cs /if ?>
<p class="lead">The people who work in <?cs var:Session.StoreName ?>, and the user group each one has here.</p>
<div class="actions">
  <a class="button" href="/staff/new">Add a staff member</a>
</div>
<table class="list">
  <thead>
    <tr>
      <th scope="col">Name</th>
      <th scope="col">Email</th>
      <th scope="col">Group</th>
      <th scope="col">Status</th>
      <th scope="col">Manager code</th>
    </tr>
  </thead>
  <tbody>
<?cs each:s = Staff ?>
    <tr>
      <td><a href="/staff/<?cs var:s.Id ?>"><?cs var:s.Name ?></a></td>
      <td><?cs var:s.Email ?></td>
      <td><?cs var:s.Group ?></td>
      <td><?cs if:s.Disabled == "1" ?><span class="badge off">Disabled</span><?cs else ?><span class="badge">Enabled</span><?cs /if ?></td>
      <td><?cs if:s.ManagerCode == "1" ?>Yes<?cs else ?>No<?cs /if ?></td>
    </tr>
<?cs /each ?>
  </tbody>
</table>
<?cs /def ?>
